import Synchronization
import TrawlStore

/// What a crawl run measures for its metrics beyond what the progress meter already counts: the claim and
/// commit latencies, the hosts leased, and who this crawler is. Written from the dispenser and the result
/// writer (once per claim, per commit, per lease change: never per page), read by a scrape.
final class CrawlInstruments: Sendable {
    /// `CrawlStore.claim` round trips, as the dispenser sees them.
    let claimLatency = LatencyHistogram()
    /// `CrawlStore.record` transactions (one per group commit), as the result writer sees them.
    let commitLatency = LatencyHistogram()
    /// Hosts this crawler leases now (`host_leases` rows it holds).
    let hostsHeld = Atomic<Int>(0)
    /// `crawlers.id` once registered; 0 before.
    let crawlerID = Atomic<Int64>(0)
    /// Unix time the run started.
    let startedAt = WallClock.now()
}
