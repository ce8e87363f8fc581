public import TrawlStore

/// `trawl recrawl`: puts finished jobs fetched longer ago than a duration back in the queue, by host and URL
/// pattern (POSIX ERE, like `trawl remove --match`). Unlike `trawl retry` their pages, links and versions
/// stay, so that the next crawl's re-fetch is conditional (If-None-Match / If-Modified-Since) and what
/// changed shows in `fetches` and `page_changes`.
public struct Recrawler: Sendable {
    private let store: any CrawlStore
    private let filter: FinishedJobFilter
    private let pattern: POSIXRegex?

    /// Throws `ScopeRuleError` when `match` is not a valid pattern.
    public init(store: any CrawlStore, filter: FinishedJobFilter, match: String?) throws(ScopeRuleError) {
        self.store = store
        self.filter = filter
        self.pattern = try match.map { pattern throws(ScopeRuleError) in try POSIXRegex(pattern, flag: "--match") }
    }

    /// Queues the matching jobs again (or only lists them, with `dryRun`); returns how many, and up to
    /// `sampleSize` of them. Walks the finished jobs oldest first in keyset batches, one transaction each.
    public func run(dryRun: Bool, sampleSize: Int = 10) async throws -> (count: Int, sample: [FinishedJob]) {
        var cursor = FinishedJobCursor.start
        var count = 0
        var sample: [FinishedJob] = []
        while true {
            let batch = try await store.finishedJobs(filter, after: cursor, limit: 5_000)
            guard let last = batch.last else { break }
            cursor = last.cursor
            let chosen = pattern.map { pattern in batch.filter { pattern.matches($0.url) } } ?? batch
            sample += chosen.prefix(max(0, sampleSize - sample.count))
            count += dryRun ? chosen.count : try await store.requeueForRecrawl(chosen.map(\.id))
        }
        return (count, sample)
    }
}
