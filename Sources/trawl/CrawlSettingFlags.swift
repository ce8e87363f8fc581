import ArgumentParser
import TrawlCrawl
import TrawlFetch
import TrawlURLs

/// The flags that define a crawl, shared by `trawl crawl` and `trawl config`. Every one is optional: nil
/// means "not given", so that the saved value applies (`SavedSettings`); the defaults shown in --help are
/// `CrawlOptions()`'s, used when nothing is saved.
struct CrawlSettingFlags: ParsableArguments {
    static let defaults = CrawlOptions()

    @Option(help: ArgumentHelp("Concurrent workers (each fetches and parses one page at a time). Default: \(defaults.workers).",
                               valueName: "N"))
    var workers: Int?
    @Option(help: ArgumentHelp("Open connections in total, idle keep-alive ones included (aiohttp limit). Default: \(defaults.connector.limit).",
                               valueName: "N"))
    var limit: Int?
    @Option(help: ArgumentHelp("Open connections and requests in flight per host, 0 for no bound (aiohttp limit_per_host). Default: 0.",
                               valueName: "N"))
    var limitPerHost: Int?
    @Option(help: ArgumentHelp("Request starts per second per host, evenly spaced; 0 for no bound. Default: 0.",
                               valueName: "R"))
    var ratePerHost: Double?
    @Option(help: ArgumentHelp("Seconds to establish a connection (aiohttp sock_connect). Default: \(CrawlOptions.number(defaults.connector.connectTimeout)).",
                               valueName: "S"))
    var connectTimeout: Double?
    @Option(help: ArgumentHelp("Seconds for a whole request, not counting the wait for a free slot (aiohttp total). Default: \(CrawlOptions.number(defaults.connector.timeout)).",
                               valueName: "S"))
    var timeout: Double?
    @Option(help: ArgumentHelp("Seconds an idle connection is kept for reuse (aiohttp keepalive_timeout). Default: \(CrawlOptions.number(defaults.connector.keepaliveTimeout)).",
                               valueName: "S"))
    var keepaliveTimeout: Double?
    @Flag(inversion: .prefixedNo, help: "Close every connection after its request (aiohttp force_close). Default: off.")
    var forceClose: Bool?
    @Option(help: ArgumentHelp("Depth up to which discovered links are followed, or 'unlimited'. Default: \(defaults.maxDepth.map(String.init) ?? "unlimited").",
                               valueName: "D"))
    var maxDepth: CountOrUnlimited?
    @Option(help: "Which discovered links become jobs: none, host (same host and port), domain (same registrable domain), all. Default: host.")
    var follow: FollowScope?
    @Option(help: ArgumentHelp("Largest body accepted, in bytes after decoding; larger responses fail. Default: \(defaults.connector.maxBytes).",
                               valueName: "B"))
    var maxBytes: Int?
    @Option(help: ArgumentHelp("User-Agent header, sent exactly as given on every request. Default: \(ConnectorOptions.defaultUserAgent).",
                               valueName: "S"))
    var userAgent: String?
    @Option(help: ArgumentHelp("Retries after a network error, timeout, 429 or 5xx (at most N + 1 requests). Default: \(defaults.retries).",
                               valueName: "N"))
    var retries: Int?
    @Option(help: ArgumentHelp("Seconds before the first retry; doubled for each further one, with jitter. Default: \(CrawlOptions.number(defaults.retryDelay)).",
                               valueName: "S"))
    var retryDelay: Double?
    @Flag(inversion: .prefixedNo, help: "Do not fetch or obey robots.txt. Default: off.")
    var ignoreRobots: Bool?
    @Flag(inversion: .prefixedNo, help: "Let links discovered on other hosts reach loopback, private and link-local addresses (URLs you enqueue, and their hosts, always may). Default: off.")
    var allowPrivate: Bool?

    // MARK: scope rules
    @Option(help: ArgumentHelp("Queue only discovered links whose normalized URL matches one of these POSIX extended regular expressions (repeatable; replaces the saved list). Example: --include '^https://example\\.org/docs/'",
                               valueName: "REGEX"))
    var include: [String] = []
    @Option(help: ArgumentHelp("Never queue discovered links matching this POSIX extended regular expression; wins over --include (repeatable; replaces the saved list). Example: --exclude '/(login|logout|cart)'",
                               valueName: "REGEX"))
    var exclude: [String] = []
    @Option(help: ArgumentHelp("Remove this query parameter from every URL (seeds and links) so that variants collapse into one job; * matches any characters (repeatable; replaces the saved list). Example: --strip-query 'utm_*' --strip-query sessionid",
                               valueName: "NAME"))
    var stripQuery: [String] = []
    @Flag(help: "Forget the saved --include, --exclude and --strip-query lists (before applying any given now).")
    var clearLists = false
    @Option(help: ArgumentHelp("At most N jobs per host in the whole crawl, across runs, or 'unlimited'. Example: --max-pages-per-host 1000. Default: unlimited.",
                               valueName: "N"))
    var maxPagesPerHost: CountOrUnlimited?
    @Option(help: ArgumentHelp("Crawler-trap guard: links whose path has more segments are not queued; 0 for no bound. Default: \(defaults.scope.maxPathSegments).",
                               valueName: "N"))
    var maxPathSegments: Int?
    @Option(help: ArgumentHelp("Crawler-trap guard: links in whose path one segment occurs more than N times (/a/b/a/b/a/b/a) are not queued; 0 for no bound. Default: \(defaults.scope.maxSegmentRepeats).",
                               valueName: "N"))
    var maxSegmentRepeats: Int?
    @Flag(inversion: .prefixedNo, help: "Fetch links outside --follow once (robots.txt and politeness apply) and store their status and title, without following their links, so broken_links covers them. Default: off.")
    var checkExternal: Bool?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let limitPerHost, limitPerHost < 0 { throw ValidationError("--limit-per-host must be 0 (no bound) or more") }
        if let ratePerHost, !(ratePerHost >= 0) { throw ValidationError("--rate-per-host must be 0 (no bound) or more") }
        for (name, value) in [("--connect-timeout", connectTimeout), ("--timeout", timeout),
                              ("--keepalive-timeout", keepaliveTimeout)] {
            if let value, !(value > 0) { throw ValidationError("\(name) must be more than 0 seconds") }
        }
        if let maxBytes, maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
        if let retries, retries < 0 { throw ValidationError("--retries must be 0 or more") }
        if let retryDelay, !(retryDelay >= 0) { throw ValidationError("--retry-delay must be 0 or more") }
        if let maxPagesPerHost, maxPagesPerHost.value == 0 {
            throw ValidationError("--max-pages-per-host must be at least 1, or 'unlimited'")
        }
        if let maxPathSegments, maxPathSegments < 0 { throw ValidationError("--max-path-segments must be 0 or more") }
        if let maxSegmentRepeats, maxSegmentRepeats < 0 {
            throw ValidationError("--max-segment-repeats must be 0 or more")
        }
        var rules = ScopeRules()
        rules.include = include
        rules.exclude = exclude
        do { try ScopeRules.validatePatterns(rules) } catch { throw ValidationError(error.description) }
        if let empty = stripQuery.first(where: \.isEmpty) {
            throw ValidationError("--strip-query '\(empty)' must name a parameter")
        }
    }

    /// The settings given on this command line, as text values.
    var explicit: SettingValues {
        var values = SettingValues()
        func set(_ setting: CrawlSetting, _ text: String?) { if let text { values[setting] = .text(text) } }
        set(.workers, workers.map(String.init))
        set(.limit, limit.map(String.init))
        set(.limitPerHost, limitPerHost.map(String.init))
        set(.ratePerHost, ratePerHost.map(CrawlOptions.number))
        set(.connectTimeout, connectTimeout.map(CrawlOptions.number))
        set(.timeout, timeout.map(CrawlOptions.number))
        set(.keepaliveTimeout, keepaliveTimeout.map(CrawlOptions.number))
        set(.forceClose, forceClose.map(String.init))
        set(.maxDepth, maxDepth.map(\.defaultValueDescription))
        set(.follow, follow?.rawValue)
        set(.maxBytes, maxBytes.map(String.init))
        set(.userAgent, userAgent)
        set(.retries, retries.map(String.init))
        set(.retryDelay, retryDelay.map(CrawlOptions.number))
        set(.ignoreRobots, ignoreRobots.map(String.init))
        set(.allowPrivate, allowPrivate.map(String.init))
        if clearLists {
            for setting in [CrawlSetting.include, .exclude, .stripQuery] { values[setting] = .list([]) }
        }
        if !include.isEmpty { values[.include] = .list(include) }
        if !exclude.isEmpty { values[.exclude] = .list(exclude) }
        if !stripQuery.isEmpty { values[.stripQuery] = .list(stripQuery) }
        set(.maxPagesPerHost, maxPagesPerHost.map(\.defaultValueDescription))
        set(.maxPathSegments, maxPathSegments.map(String.init))
        set(.maxSegmentRepeats, maxSegmentRepeats.map(String.init))
        set(.checkExternal, checkExternal.map(String.init))
        return values
    }
}

/// `--max-depth` and `--max-pages-per-host`: a whole number, or "unlimited".
struct CountOrUnlimited: ExpressibleByArgument {
    var value: Int?
    init(_ value: Int?) { self.value = value }
    init?(argument: String) {
        if CrawlOptions.unlimitedWords.contains(argument.lowercased()) {
            value = nil
        } else if let number = Int(argument), number >= 0 {
            value = number
        } else {
            return nil
        }
    }
    var defaultValueDescription: String { value.map(String.init) ?? "unlimited" }
}

extension FollowScope: ExpressibleByArgument {}
