/// What a crawl may queue beyond `--follow` and `--max-depth` (saved settings, see `CrawlSetting`): URL
/// patterns, query parameters to strip, a per-host budget, crawler-trap guards, and external link checks.
public struct ScopeRules: Sendable, Equatable {
    /// `--include`: with any given, a followed link must match one (POSIX ERE, on the normalized URL).
    public var include: [String] = []
    /// `--exclude`: a link matching one is never queued; an exclude always wins over an include.
    public var exclude: [String] = []
    /// `--strip-query`: query parameters removed during normalization (`*` globs).
    public var stripQuery: [String] = []
    /// `--max-pages-per-host`: at most this many jobs per host in the whole crawl, across runs; nil: no bound.
    public var maxPagesPerHost: Int? = nil
    /// `--max-path-segments`: a link whose path has more segments is a likely trap (0: no bound).
    public var maxPathSegments = 32
    /// `--max-segment-repeats`: a link in whose path one segment occurs more often is a likely trap
    /// (`/a/b/a/b/a/b/a/…`, calendars, relative links that stack up) (0: no bound).
    public var maxSegmentRepeats = 3
    /// `--check-external`: links outside the `--follow` scope are fetched once, their links not followed.
    public var checkExternal = false

    public init() {}
}

