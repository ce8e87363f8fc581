/// What a re-fetch needs from the version of a page already stored (`page_versions`): the validators to send
/// back (RFC 9110 §13.1.1 If-None-Match from `ETag`, §13.1.3 If-Modified-Since from `Last-Modified`) and the
/// body hash a `304 Not Modified` confirms.
public struct StoredVersion: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?
    public var bodyHash: Int64?

    public init(etag: String? = nil, lastModified: String? = nil, bodyHash: Int64? = nil) {
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
    }

    /// Whether a request can be made conditional with it.
    public var hasValidators: Bool { etag != nil || lastModified != nil }
}

/// Which finished jobs `trawl recrawl` and `--recrawl-interval` put back in the queue: those finished
/// (`jobs.updated_at`) before `finishedBefore`, in the states asked for, of one host if given.
public struct FinishedJobFilter: Sendable, Equatable {
    /// Unix time.
    public var finishedBefore: Double
    public var states: [FinishedState]
    public var host: String?

    public init(finishedBefore: Double, states: [FinishedState] = [.done], host: String? = nil) {
        self.finishedBefore = finishedBefore
        self.states = states
        self.host = host
    }
}

/// A finished job, as `finishedJobs` lists it (oldest first).
public struct FinishedJob: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var host: String
    public var state: FinishedState
    /// When it finished (ISO 8601 UTC, `jobs.updated_at`).
    public var finishedAt: String

    public init(id: Int64, url: String, host: String, state: FinishedState, finishedAt: String) {
        self.id = id
        self.url = url
        self.host = host
        self.state = state
        self.finishedAt = finishedAt
    }

    /// Where the next keyset page starts: after this job in (finished time, id) order.
    public var cursor: FinishedJobCursor { FinishedJobCursor(finishedAt: finishedAt, id: id) }
}

/// A position in the (finished time, id) order of `finishedJobs`.
public struct FinishedJobCursor: Sendable, Equatable {
    public var finishedAt: String
    public var id: Int64

    public init(finishedAt: String, id: Int64) {
        self.finishedAt = finishedAt
        self.id = id
    }

    /// Before every job.
    public static let start = FinishedJobCursor(finishedAt: "", id: 0)
}
