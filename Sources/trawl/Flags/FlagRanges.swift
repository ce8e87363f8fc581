import TrawlStore

/// Every numeric flag's range and default, in one place: the options parse with these, `--help` shows
/// them, and the README's "Flag ranges" table lists them. A new numeric flag adds a line here.
///
/// The maxima are far beyond any useful setting, and low enough that no arithmetic on them overflows and
/// nothing sized by them exhausts memory: a crawl of 4,096 workers with 5,000 jobs claimed peaked at
/// 81 MB resident (64 workers: 36 MB) and stopped within 1.5 s of SIGTERM; timeouts stop at a day.
enum FlagRanges {
    /// Seconds: a millisecond (libcurl's timeouts are in ms) to a day.
    static let secondsUpToADay = 0.001...86_400.0

    // MARK: every command
    static let lockTimeout = FlagRange("--lock-timeout", 0...86_400.0, unit: "seconds",
                                       default: SQLiteCrawlStore.defaultLockTimeout)

    // MARK: trawl crawl
    static let workers = FlagRange("--workers", 1...4096, default: 64)
    static let limit = FlagRange("--limit", 1...4096, default: 100)
    static let limitPerHost = FlagRange("--limit-per-host", 1...4096, special: (0, "no bound"), default: 0)
    static let ratePerHost = FlagRange("--rate-per-host", 0.001...10_000.0, unit: "requests per second",
                                       special: (0, "no bound"), default: 0)
    static let connectTimeout = FlagRange("--connect-timeout", secondsUpToADay, unit: "seconds", default: 10)
    static let timeout = FlagRange("--timeout", secondsUpToADay, unit: "seconds", default: 30)
    static let keepaliveTimeout = FlagRange("--keepalive-timeout", secondsUpToADay, unit: "seconds", default: 15)
    /// Also accepts `unlimited` (see `CountOrUnlimited`).
    static let maxDepth = FlagRange("--max-depth", 0...1_000_000, default: 5)
    static let maxPages = FlagRange("--max-pages", 1...1_000_000_000_000, default: nil)
    /// A body is held in memory while it is parsed: 1 GiB at most.
    static let maxBytes = FlagRange("--max-bytes", 1...1_073_741_824, unit: "bytes", default: 10_000_000)
    static let retries = FlagRange("--retries", 0...100, default: 2)
    static let retryDelay = FlagRange("--retry-delay", 0...86_400.0, unit: "seconds", default: 1)
    /// Also accepts `unlimited` (see `CountOrUnlimited`).
    static let maxPagesPerHost = FlagRange("--max-pages-per-host", 1...1_000_000_000_000, default: nil)
    static let maxPathSegments = FlagRange("--max-path-segments", 1...10_000, special: (0, "no bound"), default: 32)
    static let maxSegmentRepeats = FlagRange("--max-segment-repeats", 1...10_000, special: (0, "no bound"), default: 3)
    /// Group commit's wait for more results: 0 (commit at once) to 10 s.
    static let commitDelay = FlagRange("--commit-delay", 0...10.0, unit: "seconds", default: 0)
    /// Seconds, given as a duration (`7d`, `12h`, `30m`, `90s`) or `off`: a second to ten years.
    static let recrawlInterval = FlagRange("--recrawl-interval", 1...315_360_000.0, unit: "seconds",
                                           special: (0, "off"), default: 0)
    static let progressInterval = FlagRange("--progress-interval", 0.01...86_400.0, unit: "seconds", default: 5)

    // MARK: trawl enqueue
    /// The same bound as `--max-depth`, so that a job's depth + 1 never overflows.
    static let depth = FlagRange("--depth", 0...1_000_000, default: 0)

    // MARK: trawl status
    static let hosts = FlagRange("--hosts", 0...1_000_000, default: 20)
    static let errors = FlagRange("--errors", 0...1_000_000, default: 10)
    static let runs = FlagRange("--runs", 0...1_000_000, default: 5)

    // MARK: trawl retry
    static let status = FlagRange("--status", 100...599, default: nil)
}
