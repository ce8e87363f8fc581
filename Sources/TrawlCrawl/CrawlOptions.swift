public import Logging
import TrawlParse
public import TrawlFetch
public import TrawlURLs

/// Everything a crawl run is told, as one value: built by the CLI from its flags, or by tests directly.
public struct CrawlOptions: Sendable {
    /// Concurrent workers, each fetching and parsing one page at a time.
    public var workers = 64
    /// The shared connector's limits and timeouts.
    public var connector = ConnectorOptions()
    /// Links discovered on a page of depth d become jobs of depth d + 1 only up to this depth; nil: no bound.
    public var maxDepth: Int? = 5
    /// Which discovered links become jobs.
    public var follow = FollowScope.host
    /// Stop after this many pages finished in this run; nil: run until the queue is empty.
    public var maxPages: Int? = nil
    /// Stop this run after this many seconds, as on Ctrl-C (jobs back in the queue); nil: no limit.
    public var timeLimit: Double? = nil
    /// Include/exclude patterns, stripped query parameters, trap guards, per-host budget, external checks.
    public var scope = ScopeRules()
    /// Retries after the first request on network errors, timeouts, 429 and 5xx: at most retries + 1
    /// requests per job.
    public var retries = 2
    /// The first retry waits about this many seconds; each further one twice as long (with jitter), at
    /// most `maxRetryDelay`. A server's Retry-After, when longer, wins.
    public var retryDelay = 1.0
    public var maxRetryDelay = 300.0
    /// Discovered links longer than this (normalized, in bytes) are counted, not queued.
    public var maxURLLength = NormalizedURL.maxLength
    /// Distinct links kept per page at most (repeats do not count); a page with more keeps the first ones,
    /// and `page_meta.links_truncated` says so.
    public var maxLinksPerPage = HTMLPageParser.defaultMaxLinks
    /// Follow links that `rel="nofollow"` or the page's robots directives (meta robots, X-Robots-Tag) say not
    /// to follow (`--ignore-nofollow`). They are stored either way, flagged.
    public var ignoreNofollow = false
    /// Where the crawl logs: each request at `.debug` (`trawl crawl --verbose`). The library never prints.
    public var logger = Logger(label: "trawl")
    /// Fetch without asking robots.txt (`--ignore-robots`).
    public var ignoreRobots = false
    /// Let links discovered on other hosts reach loopback, private and link-local addresses.
    public var allowPrivate = false
    /// After this many requests in a row to one host fail to connect, its jobs fail fast ...
    public var breakerThreshold = 5
    /// ... until a probe, this many seconds later, gets a response.
    public var breakerCooldown = 60.0
    /// The longest robots.txt Crawl-delay honoured, in seconds.
    public static let maxCrawlDelay = 60.0

    // Queue tuning: rarely changed, documented for the curious.
    /// Seconds a finished result may wait for others before its commit starts (`--commit-delay`). 0: group
    /// commit, each commit starting as soon as the previous one ends, so that a kill -9 loses little more
    /// than the requests in flight (see `ResultWriter`).
    public var commitDelay = 0.0
    /// A crawler renews its leases this often (seconds) ...
    public var heartbeatInterval = 2.0
    /// ... and a crawler silent for this long is presumed dead and its jobs are taken again.
    public var leaseTimeout = 30.0

    public init() {}

    /// The most jobs this process holds for one host at once (ready or in flight): enough to keep the
    /// host's connections busy through a commit that holds up the next claim (a few hundred ms), few
    /// enough that other processes sharing the queue get work too.
    var perHostTarget: Int {
        connector.limitPerHost > 0 ? max(connector.limitPerHost * 8, 32) : max(workers, 1) * 2
    }

    /// Jobs in flight per host that the dispenser allows (0: no bound of its own).
    var perHostInFlight: Int { connector.limitPerHost }
}
