public import TrawlStore

/// `trawl remove`: drops queued jobs by host, by URL pattern (POSIX ERE, like `--include`), or by depth.
/// Every condition given must hold. Jobs in progress, done or failed are never touched.
public struct QueuePruner: Sendable {
    private let store: any CrawlStore
    private let filter: QueuedJobFilter
    private let pattern: POSIXRegex?

    /// Throws `ScopeRuleError` when `match` is not a valid pattern.
    public init(store: any CrawlStore, host: String?, match: String?, depthOver: Int?) throws(ScopeRuleError) {
        self.store = store
        self.filter = QueuedJobFilter(host: host, depthOver: depthOver)
        self.pattern = try match.map { pattern throws(ScopeRuleError) in try POSIXRegex(pattern, flag: "--match") }
    }

    /// Checks a pattern, for the CLI's usage errors.
    public static func validate(match: String) throws(ScopeRuleError) {
        _ = try POSIXRegex(match, flag: "--match")
    }

    /// Removes the matching queued jobs (or only counts them, with `dryRun`); returns how many, and up to
    /// `sampleSize` of their URLs. Works through the queue in keyset batches, one transaction per batch.
    public func run(dryRun: Bool, sampleSize: Int = 10) async throws -> (count: Int, sample: [String]) {
        var after: Int64 = 0
        var count = 0
        var sample: [String] = []
        while true {
            let batch = try await store.queuedJobs(filter, after: after, limit: 5_000)
            guard let last = batch.last else { break }
            after = last.id
            let chosen = pattern.map { pattern in batch.filter { pattern.matches($0.url) } } ?? batch
            sample += chosen.prefix(max(0, sampleSize - sample.count)).map(\.url)
            count += dryRun ? chosen.count : try await store.removeQueued(chosen.map(\.id))
        }
        return (count, sample)
    }
}
