/// One saved crawl setting: a `crawl_settings` row.
public struct SavedSetting: Sendable, Equatable {
    /// The flag without its dashes: `rate-per-host`.
    public var name: String
    /// As given on the command line; a repeatable flag as a JSON array of strings.
    public var value: String
    /// When it was saved (ISO 8601 UTC).
    public var updatedAt: String

    public init(name: String, value: String, updatedAt: String) {
        self.name = name
        self.value = value
        self.updatedAt = updatedAt
    }
}

/// The start of a `crawl_runs` row: which settings the run uses and what it changed in the saved ones.
public struct RunStart: Sendable, Equatable {
    /// JSON object of every setting the run uses.
    public var settingsJSON: String
    /// '--rate-per-host 2 → 5, --user-agent …', nil when nothing changed.
    public var changed: String?

    public init(settingsJSON: String, changed: String?) {
        self.settingsJSON = settingsJSON
        self.changed = changed
    }
}

/// How a run ended, for its `crawl_runs` row.
public struct RunEnd: Sendable, Equatable {
    public var done: Int
    public var failed: Int
    public var discovered: Int
    /// 'queue empty', '--time-limit reached', 'interrupted', 'error: …'
    public var ending: String

    public init(done: Int, failed: Int, discovered: Int, ending: String) {
        self.done = done
        self.failed = failed
        self.discovered = discovered
        self.ending = ending
    }
}

/// A `crawl_runs` row, for `trawl status`.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String
    public var endedAt: String?
    public var pages: Int?
    public var ending: String?
    public var changed: String?
}

/// A job leased to a crawler now: a row of the `in_flight` view.
public struct InFlightJob: Sendable, Equatable {
    public var url: String
    public var host: String
    /// The crawler's process id, nil when its registration is gone.
    public var pid: Int?
    /// When it was leased (ISO 8601 UTC).
    public var since: String
    public var seconds: Double
}

/// Which queued jobs `trawl remove` drops: every condition given must hold. `host` and `depthOver` are
/// answered by the database; a URL pattern is matched by the caller on the candidates (`queuedJobs`).
public struct QueuedJobFilter: Sendable, Equatable {
    public var host: String?
    public var depthOver: Int?

    public init(host: String? = nil, depthOver: Int? = nil) {
        self.host = host
        self.depthOver = depthOver
    }
}

/// A queued job as `trawl remove` sees it.
public struct QueuedJob: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var host: String
    public var depth: Int
}
