import TrawlStore
import TrawlSync

/// Which jobs may reach private addresses: every job with `--allow-private`, URLs a user enqueued, and
/// jobs of a host the user enqueued some URL of (they chose to crawl that site, wherever it is). Links
/// discovered on other hosts may not, so that a public page cannot steer the crawler to loopback, the
/// LAN or a cloud metadata endpoint.
///
/// The answer per host is cached under a lock (not an actor: every discovered page asks), and looked up in
/// the store on a miss.
final class HostTrust: Sendable {
    private let store: any CrawlStore
    private let allowAll: Bool
    private let enqueuedHosts = ThreadLock<[String: Bool]>([:])

    init(store: any CrawlStore, allowPrivate: Bool) {
        self.store = store
        self.allowAll = allowPrivate
    }

    func allowsPrivateAddresses(_ job: ClaimedJob) async -> Bool {
        if allowAll || job.parentID == nil { return true }
        if let known = enqueuedHosts.withLock({ $0[job.host] }) { return known }
        let enqueued = (try? await store.hostWasEnqueued(job.host)) ?? false
        enqueuedHosts.withLock { hosts in
            if hosts.count > 10_000 { hosts.removeAll() }
            hosts[job.host] = enqueued
        }
        return enqueued
    }
}
