/// Which finished jobs a command works on: `done` (a final response was stored, 404 included), `failed`
/// (no usable response; `pages.error` says why), or both.
public enum FinishedSelection: String, Sendable, CaseIterable {
    case done
    case failed
    case all

    /// The `jobs.state` values selected.
    var states: [String] {
        switch self {
        case .done: ["done"]
        case .failed: ["failed"]
        case .all: ["done", "failed"]
        }
    }
}

/// How many failed pages share one kind of error (see `ErrorReason`), with one full message as an example.
public struct ErrorTally: Sendable, Equatable {
    public var reason: String
    public var count: Int
    public var example: String

    public init(reason: String, count: Int, example: String) {
        self.reason = reason
        self.count = count
        self.example = example
    }
}

/// Pages fetched recently, by `pages.fetched_at` (all crawler processes together).
public struct Throughput: Sendable, Equatable {
    public var lastMinute: Int
    public var lastFiveMinutes: Int
    /// `fetched_at` of the latest page, nil when none was fetched.
    public var lastFetchedAt: String?
    /// Seconds the last minute and the last five minutes really cover: shorter when the crawl (the oldest
    /// live crawler, or else the first page ever fetched) began inside them. Rates divide by these, so a
    /// crawl 10 s old is not said to run at a sixth of its speed.
    public var minuteWindow: Double = 60
    public var fiveMinuteWindow: Double = 300

    public init(lastMinute: Int, lastFiveMinutes: Int, lastFetchedAt: String?, activeSince: Double? = nil,
                now: Double = 0) {
        self.lastMinute = lastMinute
        self.lastFiveMinutes = lastFiveMinutes
        self.lastFetchedAt = lastFetchedAt
        if let activeSince {
            minuteWindow = Swift.min(60, Swift.max(1, now - activeSince))
            fiveMinuteWindow = Swift.min(300, Swift.max(1, now - activeSince))
        }
    }

    /// Pages per second over the last minute and over the last five minutes (or the part of them the
    /// crawl has run).
    public var perSecondLastMinute: Double { Double(lastMinute) / minuteWindow }
    public var perSecondLastFiveMinutes: Double { Double(lastFiveMinutes) / fiveMinuteWindow }
}

/// Everything `trawl status` shows: counts by state and per host, the most common errors, recent
/// throughput, and the crawler processes alive now.
public struct StatusReport: Sendable, Equatable {
    public var queue: QueueStatus
    /// The most common kinds of error among failed pages, most common first.
    public var errors: [ErrorTally]
    public var throughput: Throughput
    /// Registered crawler processes alive now (the test the crawl uses: see `CrawlerLiveness`).
    public var crawlers: Int
    /// `PRAGMA user_version` of the database.
    public var schemaVersion: Int
    /// Finished pages by status class, no response, or blocked by robots.txt.
    public var responses = ResponseClasses()
    /// Links not queued, by reason, summed over runs (the `links_not_queued` table).
    public var linksNotQueued = LinkDropCounts()
    /// Registered crawler processes that are gone without unregistering (`kill -9`, a crash, a power
    /// loss), and the jobs they still hold `in_progress`: the next `trawl crawl` takes those back.
    public var goneCrawlers = 0
    public var jobsOfGoneCrawlers = 0
    /// Query indexes absent now (dropped by a running or interrupted crawl): `trawl index` builds them.
    public var missingQueryIndexes: [String] = []
}

/// One finished page as `trawl export` writes it: the `pages` row with its job's state, depth, parent and
/// attempts, and (when asked for) its links.
public struct ExportedPage: Sendable, Equatable {
    public var jobID: Int64
    public var url: String
    public var state: String
    public var depth: Int
    public var parentID: Int64?
    public var attempts: Int
    public var status: Int?
    public var finalURL: String?
    public var title: String?
    public var contentType: String?
    public var bytes: Int?
    public var elapsedMilliseconds: Int?
    public var fetchedAt: String?
    public var error: String?
    /// The page's links in URL order; nil when they were not asked for.
    public var links: [String]?
}

/// Which finished jobs `trawl retry` puts back in the queue: all conditions given must hold.
public struct RetryFilter: Sendable, Equatable {
    public var selection: FinishedSelection
    /// Jobs of this host key only ("example.org", "example.org:8080").
    public var host: String?
    /// Pages with this final HTTP status only.
    public var status: Int?
    /// Pages whose error contains this text (ASCII case-insensitive).
    public var errorContains: String?

    public init(
        selection: FinishedSelection = .failed, host: String? = nil, status: Int? = nil, errorContains: String? = nil
    ) {
        self.selection = selection
        self.host = host
        self.status = status
        self.errorContains = errorContains
    }
}
