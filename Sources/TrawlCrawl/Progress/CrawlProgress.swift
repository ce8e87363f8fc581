public import TrawlStore

/// A snapshot of a running crawl, for progress displays: `Crawler.progress()` returns one. The library never
/// prints; the command line polls this and renders it.
public struct CrawlProgress: Sendable, Equatable {
    /// Seconds since the run started.
    public var elapsed = 0.0
    /// Jobs finished `done` in this run.
    public var done = 0
    /// Jobs finished `failed` in this run.
    public var failed = 0
    /// Requests that failed and whose job went back to the queue for another attempt (not jobs: a job retried
    /// twice counts 2).
    public var retried = 0
    /// Body bytes received in this run.
    public var bytes = 0
    /// Pages finished per second over the last ten seconds or so (not since the start), so that it shows
    /// how the crawl goes now.
    public var recentPagesPerSecond = 0.0
    /// Hosts with a request of this process in flight now.
    public var activeHosts = 0
    /// Requests waiting in the connector's own queue for a free connection, a host slot or the host's rate.
    public var requestsWaiting = 0
    /// Requests running in libcurl.
    public var requestsInFlight = 0
    /// The database's job counts (every crawler process together), read at most every couple of seconds;
    /// nil until first read. `topHosts` is empty.
    public var queue: QueueStatus?
    /// Pages this run finished since `queue` was read.
    public var pagesSinceQueueRead = 0
    /// Pages this run may still finish under `--max-pages`; nil without it.
    public var pagesAllowed: Int?
    /// Seconds the crawl has been waiting for a database lock another program holds; nil when it is not.
    /// Finished pages wait in memory meanwhile, and the crawl gives up after `--lock-timeout`.
    public var databaseLockWait: Double?

    public init() {}

    /// Pages finished in this run.
    public var pages: Int { done + failed }

    /// Jobs known to remain: queued and in progress in the database (less the pages finished since it was
    /// read), at most `pagesAllowed`.
    public var remaining: Int? {
        guard let queue else { return nil }
        let left = max(0, queue.queued + queue.inProgress - pagesSinceQueueRead)
        return pagesAllowed.map { min($0, left) } ?? left
    }

    /// Seconds until the jobs known to remain are finished at the recent rate; nil when nothing is known to
    /// remain or nothing finished lately. Links found on the way add jobs, so it is a floor, not a promise.
    public var estimatedSecondsLeft: Double? {
        guard let remaining, remaining > 0, recentPagesPerSecond > 0 else { return nil }
        return Double(remaining) / recentPagesPerSecond
    }
}
