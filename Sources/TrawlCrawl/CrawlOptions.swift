public import Logging
import TrawlParse
public import TrawlFetch
public import TrawlURLs
import TrawlStore
import TrawlRobots

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
    /// Seconds after which a finished page comes due again (`--recrawl-interval`): the run puts it back in
    /// the queue and re-fetches it conditionally, and does not end when the queue is empty but waits for the
    /// next page to come due (until `--time-limit`, `--max-pages` or a stop). nil: every page is fetched once.
    public var recrawlInterval: Double? = nil
    /// Fetch without asking robots.txt (`--ignore-robots`).
    public var ignoreRobots = false
    /// Let links discovered on other hosts reach loopback, private and link-local addresses.
    public var allowPrivate = false
    /// After this many requests in a row to one host fail to connect, its jobs fail fast ...
    public var breakerThreshold = 5
    /// ... until a probe, this many seconds later, gets a response.
    public var breakerCooldown = 60.0
    /// The product token matched against robots.txt `User-agent` lines (RFC 9309 §2.2.1), and addressed by
    /// `<meta name="…">` and `X-Robots-Tag: …:` (`--robots-agent`); nil: the User-Agent's own product token
    /// (`trawl` for `trawl/0.1 (…)`), see `robotsToken`.
    public var robotsAgent: String? = nil
    /// Write the cookie jar there at the end of the run (`--save-cookies`; Netscape format, mode 0600).
    /// Never the database: cookies are logins.
    public var saveCookies: String? = nil
    /// The longest robots.txt Crawl-delay honoured, in seconds.
    public static let maxCrawlDelay = 60.0

    // Queue tuning: rarely changed, documented for the curious.
    /// Seconds a finished result may wait for others before its commit starts (`--commit-delay`). 0: group
    /// commit, each commit starting as soon as the previous one ends, so that a kill -9 loses little more
    /// than the requests in flight (see `ResultWriter`).
    public var commitDelay = 0.0
    /// This run's row in `crawl_runs`, named by the `trawl_crawler_info` metric; nil when the caller records
    /// no run (tests).
    public var runID: Int64? = nil
    /// A crawler silent for this long (seconds) is presumed dead: its jobs are taken again, its hosts
    /// (leased to one crawler at a time) may be served by another. It renews them every
    /// `LeaseTerms.renewEvery`, and stops its own requests to its hosts at `LeaseTerms.fenceAfter` if it
    /// could not (self-fencing). `trawl crawl` reads it from `TRAWL_LEASE_TIMEOUT`.
    public var leaseTimeout = 30.0
    var leaseTerms: LeaseTerms { LeaseTerms(timeout: leaseTimeout) }

    public init() {}

    /// The most jobs this process holds for one host at once (ready or in flight): enough to keep the
    /// host's connections busy through a commit that holds up the next claim (a few hundred ms), few
    /// enough that other processes sharing the queue get work too.
    var perHostTarget: Int {
        connector.limitPerHost > 0 ? max(connector.limitPerHost * 8, 32) : max(workers, 1) * 2
    }

    /// Hosts leased at once at most: enough to keep every worker busy twice over (a host takes
    /// `limitPerHost` of them, or one when unbounded: its rate may allow no more), few enough that a
    /// process sharing the queue does not hoard hosts it is not serving, so work spreads over processes.
    var maxHostsHeld: Int {
        let perHost = max(connector.limitPerHost, 1)
        return 2 * ((max(workers, 1) + perHost - 1) / perHost)
    }

    /// The token robots.txt groups and robots meta tags are matched by: `--robots-agent`, or else the first
    /// product token of the User-Agent (`UserAgentToken.of`), as before `--robots-agent` existed.
    public var robotsToken: String { robotsAgent ?? UserAgentToken.of(connector.userAgent) }

    /// Jobs in flight per host that the dispenser allows (0: no bound of its own).
    var perHostInFlight: Int { connector.limitPerHost }
}
