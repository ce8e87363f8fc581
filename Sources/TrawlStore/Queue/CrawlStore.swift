/// The one seam between trawl and its database: every read and write of jobs, pages and links goes
/// through this protocol.
///
/// Today it is implemented on SQLite (`SQLiteCrawlStore`); a crawl spread over many machines will implement
/// it on a shared PostgreSQL queue. Everything here is therefore phrased as queue operations with leases and
/// fencing tokens, never as SQLite specifics.
public protocol CrawlStore: Sendable {
    /// Adds jobs; a URL already in the queue is counted as a duplicate and left as it is.
    func enqueue(_ jobs: [NewJob]) async throws -> EnqueueCounts

    /// Registers this process as a crawler; its claims (jobs and host leases) are leased to it on `terms`
    /// while it renews them.
    func registerCrawler(terms: LeaseTerms) async throws -> CrawlerLease
    /// Renews the crawler's registration and the leases of `hosts`, carrying their politeness state.
    /// `crawlerAlive` is false when the crawler was presumed dead and its jobs were given to others: the
    /// caller must stop. `lost` names the hosts no longer held (another crawler took them over after their
    /// lease expired): the caller must send them nothing more.
    func renewLeases(_ lease: CrawlerLease, hosts: [HostLeaseState]) async throws -> LeaseRenewal
    /// Ends the registration: jobs still held go back to the queue, and the hosts are handed back with
    /// their state (hosts not in `handback` become free, their spacing unknown: a conservative one applies).
    func unregister(_ lease: CrawlerLease, handback: [HostLeaseState]) async throws
    /// Puts back in the queue the jobs of crawlers that are gone: a dead local process, or a heartbeat
    /// older than `staleAfter` seconds. Returns how many jobs were put back. A dead local process's host
    /// leases end at once (it can send nothing more); a silent crawler's expire on their own.
    func reclaimAbandonedJobs(staleAfter: Double) async throws -> Int

    /// Leases queued jobs to `lease`, spread over hosts as `request` asks, only of hosts this crawler holds
    /// or can lease now (free, handed back, or expired); hands back the hosts of `request.handback` first.
    func claim(_ request: ClaimRequest, for lease: CrawlerLease) async throws -> ClaimResult
    /// Writes a batch of outcomes in one transaction; outcomes whose lease was lost are dropped (fenced).
    /// A discovered job is not inserted when its host has `maxJobsPerHost` jobs already (nil: no bound).
    func record(_ outcomes: [JobOutcome], maxJobsPerHost: Int?) async throws -> RecordSummary
    /// What remains when a claim gave nothing.
    func outlook(for lease: CrawlerLease) async throws -> QueueOutlook

    /// Before a run that may write many links: drops the indexes that serve only users' queries (the index
    /// of links by target), whose row-by-row upkeep costs a crawl far more than building them once at its
    /// end. They are kept when the run's work looks small next to what is stored (`expectedPages`: the
    /// run's `--max-pages`, if any). Returns whether they are absent now (dropped, or left absent by a run
    /// that did not finish).
    func suspendQueryIndexes(expectedPages: Int?) async throws -> Bool
    /// After a run that finished its work: builds the query indexes if they are absent and no other
    /// crawler is registered (the last one out builds them). Returns whether it built them.
    func restoreQueryIndexes() async throws -> Bool

    /// Checks the structure of the database file before a crawl writes to it; throws when it is damaged.
    func checkStructure() async throws

    /// Builds the query indexes that are absent, unless a crawler is alive (`trawl index`). Returns the names
    /// of those built.
    func buildQueryIndexes() async throws -> [String]

    /// Seconds the store has been waiting for a lock another program holds, nil when it is not waiting:
    /// readable at any moment, also while that wait holds up every other call.
    var lockWaitSeconds: Double? { get }
    /// From now on, waits for another program's lock at most `seconds`.
    func limitLockWaits(to seconds: Double)

    /// The cached robots.txt of `origin`, if any (however old: the caller decides what is fresh).
    func robots(for origin: String) async throws -> RobotsRecord?
    /// Caches a robots.txt fetch.
    func saveRobots(_ record: RobotsRecord) async throws
    /// Whether a user enqueued some URL of `host` explicitly (a job of that host without a parent): a
    /// host the user chose to crawl may be on a private address.
    func hostWasEnqueued(_ host: String) async throws -> Bool

    /// Counts per state and per host.
    func status(topHosts: Int) async throws -> QueueStatus

    // Results: see `Results/` (status report, export, retry).
    /// `status(topHosts:)` plus the most common errors, recent throughput and live crawlers, from counters
    /// and indexes only, so that it answers at once on any queue size while crawls run.
    func statusReport(topHosts: Int, topErrors: Int) async throws -> StatusReport
    /// Up to `limit` finished pages whose job id is above `after`, in id order, with their links when
    /// `links` is true (fewer pages when their links are many). Keyset pages: an export of any size reads
    /// them batch by batch, in constant memory and without a read transaction held between batches.
    func exportBatch(_ selection: FinishedSelection, links: Bool, after: Int64, limit: Int) async throws
        -> [ExportedPage]
    /// Puts the finished jobs matching `filter` back in the queue, in one transaction: state `queued`,
    /// attempts 0, no back-off, `last_error` kept; their `pages` and `links` rows are deleted (the next
    /// fetch writes them anew). Returns how many jobs were queued again.
    func requeue(_ filter: RetryFilter) async throws -> Int

    // Saved settings and runs: see `Settings/`.
    /// Every saved crawl setting, by name.
    func savedSettings() async throws -> [SavedSetting]
    /// Saves (inserts or replaces) `values` and deletes the settings named in `removing`, in one transaction.
    func saveSettings(_ values: [String: String], removing: [String]) async throws
    /// When the first recorded run started, if any.
    func firstRunStartedAt() async throws -> String?
    /// Records the start of a run; returns its id.
    func beginRun(_ start: RunStart) async throws -> Int64
    /// Records the end of run `id`.
    func endRun(_ id: Int64, _ end: RunEnd) async throws
    /// The latest runs, newest first.
    func recentRuns(limit: Int) async throws -> [RunRecord]

    // Queue management: `trawl remove`, `trawl status --in-flight`.
    /// Queued jobs matching `filter` with an id above `after`, in id order, at most `limit`.
    func queuedJobs(_ filter: QueuedJobFilter, after: Int64, limit: Int) async throws -> [QueuedJob]
    /// Deletes these jobs if they are still queued; returns how many were deleted.
    func removeQueued(_ ids: [Int64]) async throws -> Int
    /// Jobs leased to crawlers now, the longest-held first.
    func inFlight(limit: Int) async throws -> [InFlightJob]

    // Re-crawls: `trawl recrawl`, `--recrawl-interval` (schema version 8).
    /// Finished jobs matching `filter` after `cursor` in (finished time, id) order, at most `limit`.
    func finishedJobs(_ filter: FinishedJobFilter, after cursor: FinishedJobCursor, limit: Int) async throws
        -> [FinishedJob]
    /// Puts these jobs back in the queue if they are still finished (attempts 0, no back-off), keeping their
    /// pages, links and versions for a conditional re-fetch. Returns how many were queued again.
    func requeueForRecrawl(_ ids: [Int64]) async throws -> Int
}

extension CrawlStore {
    /// `record(_:maxJobsPerHost:)` with no per-host bound.
    public func record(_ outcomes: [JobOutcome]) async throws -> RecordSummary {
        try await record(outcomes, maxJobsPerHost: nil)
    }
}

extension CrawlStore {
    /// Registers with the default lease terms.
    public func registerCrawler() async throws -> CrawlerLease { try await registerCrawler(terms: LeaseTerms()) }
    /// Renews the registration only; false when the lease was lost.
    public func heartbeat(_ lease: CrawlerLease) async throws -> Bool {
        try await renewLeases(lease, hosts: []).crawlerAlive
    }
    /// Ends the registration without handing hosts' state on.
    public func unregister(_ lease: CrawlerLease) async throws { try await unregister(lease, handback: []) }
}
