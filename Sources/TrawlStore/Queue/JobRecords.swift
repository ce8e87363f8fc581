/// A URL to add to the queue. `url` is already normalized and `host` is its host key (see `TrawlURLs`).
public struct NewJob: Sendable, Hashable {
    public var url: String
    public var host: String
    public var depth: Int
    public var parentID: Int64?
    /// A link outside the `--follow` scope queued by `--check-external`: fetched once, its links not followed.
    public var checkOnly: Bool

    public init(url: String, host: String, depth: Int, parentID: Int64? = nil, checkOnly: Bool = false) {
        self.url = url
        self.host = host
        self.depth = depth
        self.parentID = parentID
        self.checkOnly = checkOnly
    }
}

/// What an enqueue did: new jobs, URLs already known.
public struct EnqueueCounts: Sendable, Equatable {
    public var inserted = 0
    public var duplicates = 0
    public init(inserted: Int = 0, duplicates: Int = 0) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// A job leased to this process. `leaseToken` fences the result: it commits only while the job still
/// carries this token, so a process whose lease was taken over cannot overwrite the new owner's result.
public struct ClaimedJob: Sendable, Hashable {
    public let id: Int64
    public let url: String
    public let host: String
    public let depth: Int
    /// Requests already made for this job in earlier attempts.
    public let attempts: Int
    public let leaseToken: Int64
    /// The page this URL was discovered on; nil when a user enqueued it (and so chose to crawl it).
    public let parentID: Int64?
    /// Queued by `--check-external` (a `link_checks` row): its links are not followed.
    public let checkOnly: Bool
    /// The job was fetched before (queued again by `trawl recrawl` or `--recrawl-interval`): its page is stored.
    public let refetch: Bool
    /// The stored version's validators and hash, when it has some: the re-fetch is conditional.
    public let stored: StoredVersion?

    public init(
        id: Int64, url: String, host: String, depth: Int, attempts: Int, leaseToken: Int64, parentID: Int64? = nil,
        checkOnly: Bool = false, refetch: Bool = false, stored: StoredVersion? = nil
    ) {
        self.checkOnly = checkOnly
        self.refetch = refetch
        self.stored = stored
        self.id = id
        self.url = url
        self.host = host
        self.depth = depth
        self.attempts = attempts
        self.leaseToken = leaseToken
        self.parentID = parentID
    }
}

/// The `pages` row of a finished job.
public struct PageRecord: Sendable, Equatable {
    public var finalURL: String?
    public var status: Int?
    public var title: String?
    public var contentType: String?
    public var bytes: Int?
    public var fetchedAt: String
    public var elapsedMilliseconds: Int?
    public var error: String?
    /// The page's links that did not become jobs, and why: counted in `links_not_queued` (and the run's
    /// summary) when they are not jobs already, never stored one by one.
    public var droppedLinks: [DroppedLink]
    /// What the page says about itself (`page_meta`); nothing is written when it is empty.
    public var meta = PageMeta()
    /// The response's ETag and Last-Modified and the body hash (`page_versions`).
    public var version = StoredVersion()
    /// A `304 Not Modified` to a conditional re-fetch: the stored title, links, meta and hash stay; only the
    /// fetch time and elapsed time (and validators the 304 carries) change.
    public var notModified = false

    public init(
        finalURL: String? = nil, status: Int? = nil, title: String? = nil, contentType: String? = nil,
        bytes: Int? = nil, fetchedAt: String, elapsedMilliseconds: Int? = nil, error: String? = nil,
        droppedLinks: [DroppedLink] = []
    ) {
        self.droppedLinks = droppedLinks
        self.finalURL = finalURL
        self.status = status
        self.title = title
        self.contentType = contentType
        self.bytes = bytes
        self.fetchedAt = fetchedAt
        self.elapsedMilliseconds = elapsedMilliseconds
        self.error = error
    }
}

/// The `page_meta` row of a page: what it says about itself. Written only when something is set.
public struct PageMeta: Sendable, Equatable {
    /// `<link rel="canonical">`, resolved and normalized like `jobs.url`.
    public var canonicalURL: String?
    /// The first `<meta name="description">`.
    public var description: String?
    /// Robots directives for trawl (meta robots, meta TOKEN, X-Robots-Tag), comma-separated, lower-case.
    public var robots: String?
    public var noindex = false
    public var nofollow = false
    /// The cap on distinct links per page cut some of this page's links.
    public var linksTruncated = false

    public init(
        canonicalURL: String? = nil, description: String? = nil, robots: String? = nil, noindex: Bool = false,
        nofollow: Bool = false, linksTruncated: Bool = false
    ) {
        self.canonicalURL = canonicalURL
        self.description = description
        self.robots = robots
        self.noindex = noindex
        self.nofollow = nofollow
        self.linksTruncated = linksTruncated
    }

    public var isEmpty: Bool { self == PageMeta() }
}

/// One distinct link target of a page (`page_links`): its URL, normalized like `jobs.url`, the kinds of
/// element that link it (the `LinkKind` bits of the parser: 1 a, 2 area, 4 frame, 8 iframe, 16 refresh,
/// 32 canonical), and whether every link to it was nofollow (so it did not become a job).
public struct PageLink: Sendable, Equatable, ExpressibleByStringLiteral {
    public var url: String
    public var kinds: Int
    public var nofollow: Bool

    public init(url: String, kinds: Int = 1, nofollow: Bool = false) {
        self.url = url
        self.kinds = kinds
        self.nofollow = nofollow
    }

    /// A plain followed `<a href>`.
    public init(stringLiteral url: String) {
        self.init(url: url)
    }
}

/// The end state of a finished job.
public enum FinishedState: String, Sendable {
    /// A final HTTP response was stored (404 included).
    case done
    /// Retries exhausted, or the response was refused; `PageRecord.error` says why.
    case failed
}

/// What became of one attempt at a claimed job. A batch of outcomes is written in one transaction.
public enum JobOutcome: Sendable {
    /// The job is finished: its page, its links and the jobs discovered on it are written together.
    case finished(ClaimedJob, FinishedState, PageRecord, links: [PageLink], discovered: [NewJob])
    /// The attempt failed in a way worth retrying: back to the queue, not fetched before `notBefore`.
    case retry(ClaimedJob, error: String, notBefore: Double)
    /// Not attempted (the crawl is stopping): back to the queue as it was.
    case release(ClaimedJob)
    /// Not attempted now (its host is paused, its robots.txt not yet known): back to the queue, not
    /// fetched before `notBefore`; `attempts` unchanged since no request was made.
    case postpone(ClaimedJob, reason: String, notBefore: Double)
    /// Finished as failed without a request (robots.txt disallows it, a private address, its host is
    /// unreachable): `page.error` says why; `attempts` unchanged.
    case refused(ClaimedJob, PageRecord)

    public var job: ClaimedJob {
        switch self {
        case .finished(let job, _, _, _, _), .retry(let job, _, _), .release(let job), .postpone(let job, _, _),
             .refused(let job, _): job
        }
    }
}

/// What writing a batch of outcomes did.
public struct RecordSummary: Sendable, Equatable {
    /// Outcomes written.
    public var recorded = 0
    /// Outcomes dropped because this process no longer held the job's lease.
    public var fenced = 0
    /// New jobs created from discovered links.
    public var discovered = 0
    /// Links not queued (and not jobs already), by reason.
    public var linksNotQueued = LinkDropCounts()
    public init() {}
}

/// What the claimer asks for: up to `perHostTarget` jobs held per host (counting `held`, the jobs this
/// process already holds per host), at most `maxJobs` in all, from hosts it holds or can lease now.
public struct ClaimRequest: Sendable {
    public var perHostTarget: Int
    public var maxJobs: Int
    public var held: [String: Int]
    /// The host leases the caller believes it holds; those it no longer holds come back as `lost`.
    public var leases: [HostLease]
    /// Hosts handed back before claiming (the caller has no more work for them), with their state.
    public var handback: [HostLeaseState]
    /// Hosts held after this claim at most: a crawler leases no more hosts than it can serve, so that
    /// other crawlers sharing the queue get hosts too.
    public var maxHosts: Int
    /// The caller's seconds between request starts per host, stored with a new lease (see
    /// `HostLeaseState.minInterval`).
    public var minInterval: Double

    public init(
        perHostTarget: Int, maxJobs: Int, held: [String: Int], leases: [HostLease] = [],
        handback: [HostLeaseState] = [], maxHosts: Int = .max, minInterval: Double = 0
    ) {
        self.perHostTarget = perHostTarget
        self.maxJobs = maxJobs
        self.held = held
        self.leases = leases
        self.handback = handback
        self.maxHosts = maxHosts
        self.minInterval = minInterval
    }
}

/// Why the queue gave nothing: what is left and when it becomes claimable.
public struct QueueOutlook: Sendable, Equatable {
    /// Queued jobs in all, claimable now or later.
    public var queued: Int
    /// The earliest `not_before` among queued jobs (Unix time), nil when none is queued.
    public var nextNotBefore: Double?
    /// Jobs in progress in other live crawler processes; their pages may still discover new jobs.
    public var inProgressElsewhere: Int
}

/// Job counts of one host.
public struct HostCounts: Sendable, Equatable {
    public var host: String
    public var queued: Int
    public var inProgress: Int
    public var done: Int
    public var failed: Int

    public var total: Int { queued + inProgress + done + failed }
}

/// Job counts by state, and per host.
public struct QueueStatus: Sendable, Equatable {
    public var queued: Int
    public var inProgress: Int
    public var done: Int
    public var failed: Int
    /// The hosts with the most jobs, largest first.
    public var topHosts: [HostCounts]
    public var hostCount: Int

    public var total: Int { queued + inProgress + done + failed }
}

/// A registered crawler process: it holds the leases of the jobs and hosts it claims while it renews them.
public struct CrawlerLease: Sendable, Hashable {
    public let crawlerID: Int64
    public let terms: LeaseTerms

    public init(crawlerID: Int64, terms: LeaseTerms = LeaseTerms()) {
        self.crawlerID = crawlerID
        self.terms = terms
    }
}

/// A cached robots.txt fetch of one origin ("http://host:port").
public struct RobotsRecord: Sendable, Equatable {
    public var origin: String
    /// Unix time of the fetch.
    public var fetchedAt: Double
    /// HTTP status, nil when robots.txt could not be fetched at all.
    public var status: Int?
    public var body: [UInt8]?
    public var error: String?

    public init(origin: String, fetchedAt: Double, status: Int?, body: [UInt8]?, error: String?) {
        self.origin = origin
        self.fetchedAt = fetchedAt
        self.status = status
        self.body = body
        self.error = error
    }
}
