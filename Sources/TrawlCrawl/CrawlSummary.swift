public import TrawlFetch
public import TrawlStore

/// What one `trawl crawl` run did.
public struct CrawlSummary: Sendable, Equatable {
    /// Jobs finished `done` in this run (a final response stored, 404 included).
    public var done = 0
    /// Jobs finished `failed` in this run.
    public var failed = 0
    /// Requests that failed and whose job was queued again for another attempt: one job retried twice
    /// counts 2, and a retried job that later succeeded is also among `done`.
    public var retried = 0
    /// New jobs created from discovered links.
    public var discovered = 0
    /// Finished pages by status class (2xx … 5xx), no response, or blocked by robots.txt.
    public var responses = ResponseClasses()
    /// Links found that did not become jobs, by reason (distinct URLs of this run, not jobs already).
    public var linksNotQueued = LinkDropCounts()
    /// Body bytes received.
    public var bytes = 0
    /// Results dropped because another crawler had taken the job over.
    public var fenced = 0
    /// Failures by reason, for the end-of-run summary.
    public var failuresByReason: [String: Int] = [:]
    /// Seconds the run took.
    public var elapsed = 0.0
    /// Why the run ended.
    public var ending = Ending.queueEmpty
    /// Results that could not be stored (the run gave up waiting for the database lock): their pages are
    /// fetched again by the next run.
    public var unstored = 0
    /// Whether this run's claimed jobs stayed `in_progress` because the database could not be written at
    /// the end: the next `trawl crawl` takes them back (this process is gone by then).
    public var claimsLeftInProgress = false
    /// With `--save-cookies`: how many cookies were written at the end, or why the file could not be written.
    public var cookiesSaved: Int?
    public var cookieJarFailure: CookieFileError?

    public enum Ending: String, Sendable {
        case queueEmpty = "queue empty"
        case maxPages = "--max-pages reached"
        case timeLimit = "--time-limit reached"
        case interrupted = "interrupted"
        case databaseLocked = "gave up waiting for the database lock"
    }

    public init() {}

    public var pages: Int { done + failed }
    public var pagesPerSecond: Double { elapsed > 0 ? Double(pages) / elapsed : 0 }
}
