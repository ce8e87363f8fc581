import ArgumentParser
import TrawlCrawl
import TrawlFetch
import TrawlRobots
import TrawlURLs

/// The flags that define a crawl, shared by `trawl crawl` and `trawl config`. Every one is optional: nil
/// means "not given", so that the saved value applies (`SavedSettings`); the defaults shown in --help are
/// `CrawlOptions()`'s, used when nothing is saved.
struct CrawlSettingFlags: ParsableArguments {
    static let defaults = CrawlOptions()

    @Option(parsing: .unconditional,
            help: FlagRanges.workers.help("Concurrent workers (each fetches and parses one page at a time).",
                                          valueName: "N"),
            transform: FlagRanges.workers.parse)
    var workers: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.limit.help("Open connections in total, idle keep-alive ones included (aiohttp limit).",
                                        valueName: "N"),
            transform: FlagRanges.limit.parse)
    var limit: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.limitPerHost.help(
                "Open connections and requests in flight per host, 0 for no bound (aiohttp limit_per_host).",
                valueName: "N"),
            transform: FlagRanges.limitPerHost.parse)
    var limitPerHost: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.ratePerHost.help("Request starts per second per host, evenly spaced; 0 for no bound.",
                                              valueName: "R"),
            transform: FlagRanges.ratePerHost.parse)
    var ratePerHost: Double?
    @Option(parsing: .unconditional,
            help: FlagRanges.connectTimeout.help("Seconds to establish a connection (aiohttp sock_connect).",
                                                 valueName: "S"),
            transform: FlagRanges.connectTimeout.parse)
    var connectTimeout: Double?
    @Option(parsing: .unconditional,
            help: FlagRanges.timeout.help(
                "Seconds for a whole request, not counting the wait for a free slot (aiohttp total).", valueName: "S"),
            transform: FlagRanges.timeout.parse)
    var timeout: Double?
    @Option(parsing: .unconditional,
            help: FlagRanges.keepaliveTimeout.help(
                "Seconds an idle connection is kept for reuse (aiohttp keepalive_timeout).", valueName: "S"),
            transform: FlagRanges.keepaliveTimeout.parse)
    var keepaliveTimeout: Double?
    @Flag(inversion: .prefixedNo, help: "Close every connection after its request (aiohttp force_close). Default: off.")
    var forceClose: Bool?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Depth up to which discovered links are followed, or 'unlimited'. Range: "
                               + "\(FlagRanges.maxDepth.rangeText), or unlimited. "
                               + "(default: \(FlagRanges.maxDepth.initial))", valueName: "D"),
            transform: CountOrUnlimited.parser(FlagRanges.maxDepth))
    var maxDepth: CountOrUnlimited?
    @Option(help: "Which discovered links become jobs: none, host (same host and port), domain (same registrable domain), all. Default: host.")
    var follow: FollowScope?
    @Option(parsing: .unconditional,
            help: FlagRanges.maxBytes.help("Largest body accepted, in bytes after decoding; larger responses fail.",
                                           valueName: "B"),
            transform: FlagRanges.maxBytes.parse)
    var maxBytes: Int?
    @Option(help: ArgumentHelp("User-Agent header, sent exactly as given on every request. Default: \(ConnectorOptions.defaultUserAgent).",
                               valueName: "S"))
    var userAgent: String?
    @Option(help: ArgumentHelp("""
        The product token robots.txt groups (User-agent: lines) and <meta name=...> robots tags are matched \
        by, when it is not the User-Agent's first word: letters, digits, - and _ (RFC 9309). Default: the first \
        product token of --user-agent (trawl). Example: --user-agent 'Mozilla/5.0 (compatible; AuditBot/1.0; \
        +https://example.org/bot)' --robots-agent AuditBot
        """, valueName: "TOKEN"))
    var robotsAgent: String?
    @Option(help: ArgumentHelp("""
        An extra header sent on every request, robots.txt included, to every host (repeatable; replaces the \
        saved list; saved in the database, so no secrets). Refused: Host, Content-Length, Transfer-Encoding, \
        Connection, Keep-Alive, Upgrade, TE, Trailer, Expect, Accept-Encoding, Range, Proxy-*, and User-Agent, \
        Cookie, Authorization (use --user-agent, --cookies, --auth). 'Name:' with no value removes curl's own \
        header. Example: --header 'Accept-Language: en' --header 'From: ops@example.org'
        """, valueName: "'NAME: VALUE'"))
    var header: [String] = []
    @Option(parsing: .unconditional,
            help: FlagRanges.retries.help(
                "Retries after a network error, timeout, 429 or 5xx (at most N + 1 requests).", valueName: "N"),
            transform: FlagRanges.retries.parse)
    var retries: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.retryDelay.help(
                "Seconds before the first retry; doubled for each further one, with jitter.", valueName: "S"),
            transform: FlagRanges.retryDelay.parse)
    var retryDelay: Double?
    @Flag(inversion: .prefixedNo, help: "Do not fetch or obey robots.txt. Default: off.")
    var ignoreRobots: Bool?
    @Flag(inversion: .prefixedNo, help: "Let links discovered on other hosts reach loopback, private and link-local addresses (URLs you enqueue, and their hosts, always may). Default: off.")
    var allowPrivate: Bool?

    // MARK: HTTPS and HTTP/2 (issue 11)
    @Option(help: ArgumentHelp("A PEM file of CA certificates (one or several) to trust in addition to the system's store; saved as an absolute path, 'none' forgets it. Example: --ca-cert /etc/ssl/private-ca.pem",
                               valueName: "FILE"),
            transform: CACertificateCheck.absolutePath)
    var caCert: String?
    @Flag(inversion: .prefixedNo, help: "Do not check servers' TLS certificates or host names (any certificate is accepted; said on every run). Default: off. Example: trawl crawl --db crawl.db --insecure")
    var insecure: Bool?
    @Flag(name: .customLong("http1.1"), inversion: .prefixedNo,
          help: "Use HTTP/1.1 only, never HTTP/2 (by default HTTP/2 is used over TLS where the server offers it). Default: off. Example: trawl crawl --db crawl.db --http1.1")
    var http11: Bool?

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
    @Flag(help: "Forget the saved --include, --exclude, --strip-query and --header lists (before applying any given now).")
    var clearLists = false
    @Option(parsing: .unconditional,
            help: ArgumentHelp("At most N jobs per host in the whole crawl, across runs, or 'unlimited'. Range: "
                               + "\(FlagRanges.maxPagesPerHost.rangeText), or unlimited. "
                               + "Example: --max-pages-per-host 1000. (default: unlimited)", valueName: "N"),
            transform: CountOrUnlimited.parser(FlagRanges.maxPagesPerHost))
    var maxPagesPerHost: CountOrUnlimited?
    @Option(parsing: .unconditional,
            help: FlagRanges.maxPathSegments.help(
                "Crawler-trap guard: links whose path has more segments are not queued.", valueName: "N"),
            transform: FlagRanges.maxPathSegments.parse)
    var maxPathSegments: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.maxSegmentRepeats.help(
                "Crawler-trap guard: links in whose path one segment occurs more than N times (/a/b/a/b/a/b/a) "
                + "are not queued.", valueName: "N"),
            transform: FlagRanges.maxSegmentRepeats.parse)
    var maxSegmentRepeats: Int?
    @Flag(inversion: .prefixedNo, help: "Fetch links outside --follow once (robots.txt and politeness apply) and store their status and title, without following their links, so broken_links covers them. Default: off.")
    var checkExternal: Bool?
    @Flag(inversion: .prefixedNo, help: """
        Follow links marked nofollow too: rel="nofollow", and every link of a page whose <meta name=robots> \
        or X-Robots-Tag says nofollow (or none). They are stored, flagged, either way. Default: off. Example: \
        trawl crawl --db crawl.db --ignore-nofollow
        """)
    var ignoreNofollow: Bool?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("""
                Keep the crawl fresh: a finished page (done or failed) comes due again this long after it was \
                fetched, and is fetched again conditionally (If-None-Match / If-Modified-Since). With it the \
                run does not end when the queue is empty: it waits for the next page to come due, until \
                Ctrl-C, --time-limit or --max-pages. A duration (90s, 30m, 12h, 7d) or off. Range: \
                \(FlagRanges.recrawlInterval.rangeText). Example: trawl crawl --db crawl.db --recrawl-interval 1d \
                --time-limit 30d. (default: off)
                """, valueName: "DURATION"),
            transform: DurationFlag.parser(FlagRanges.recrawlInterval))
    var recrawlInterval: Double?

    // MARK: proxies (issue 11)
    @Option(help: ArgumentHelp("""
        Send every request (robots.txt included) through this proxy: http://, https:// or socks5h:// (the \
        proxy resolves host names), or socks5:// (trawl resolves them); credentials go in the URL and are \
        never saved or printed; '' goes back to the environment's http_proxy/https_proxy/all_proxy. Saved \
        without credentials. Example: --proxy http://user:secret@127.0.0.1:3128
        """, valueName: "URL"))
    var proxy: String?
    @Option(help: ArgumentHelp("""
        Hosts reached directly, not through the proxy: comma-separated names (each covers the names below \
        it), IP addresses, CIDR ranges, or * for all; replaces no_proxy. Example: --no-proxy \
        'localhost,.internal.example,10.0.0.0/8'
        """, valueName: "HOSTS"))
    var noProxy: String?

    /// `--proxy` read, credentials included; nil when not given or given as ''. Checked in `validate()`.
    var proxyURL: ProxyURL? {
        guard let proxy, !proxy.isEmpty else { return nil }
        return try? ProxyURL(parsing: proxy)
    }

    /// Numbers are checked by their `FlagRanges` while parsing; what is left: the patterns compile.
    func validate() throws {
        if let proxy, !proxy.isEmpty {
            // Not a transform: ArgumentParser would echo the value, password included, in its error.
            do { _ = try ProxyURL(parsing: proxy) } catch { throw ValidationError(error.description) }
        }
        var rules = ScopeRules()
        rules.include = include
        rules.exclude = exclude
        do { try ScopeRules.validatePatterns(rules) } catch { throw ValidationError(error.description) }
        if let robotsAgent, !UserAgentToken.isValid(robotsAgent) {
            throw ValidationError("--robots-agent '\(robotsAgent)' is not a robots.txt product token: use letters, "
                                  + "digits, - and _ only (e.g. AuditBot)")
        }
        for line in header {
            do { _ = try RequestHeader(parsing: line) } catch { throw ValidationError(error.description) }
        }
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
        set(.robotsAgent, robotsAgent)
        set(.retries, retries.map(String.init))
        set(.retryDelay, retryDelay.map(CrawlOptions.number))
        set(.ignoreRobots, ignoreRobots.map(String.init))
        set(.allowPrivate, allowPrivate.map(String.init))
        set(.caCert, caCert)
        set(.insecure, insecure.map(String.init))
        set(.http11, http11.map(String.init))
        if clearLists {
            for setting in [CrawlSetting.include, .exclude, .stripQuery, .header] { values[setting] = .list([]) }
        }
        if !include.isEmpty { values[.include] = .list(include) }
        if !exclude.isEmpty { values[.exclude] = .list(exclude) }
        if !stripQuery.isEmpty { values[.stripQuery] = .list(stripQuery) }
        // As parsed, so that the saved text is the one sent ('Name:value' is saved as 'Name: value').
        if !header.isEmpty { values[.header] = .list(header.compactMap { try? RequestHeader(parsing: $0).description }) }
        set(.maxPagesPerHost, maxPagesPerHost.map(\.defaultValueDescription))
        set(.maxPathSegments, maxPathSegments.map(String.init))
        set(.maxSegmentRepeats, maxSegmentRepeats.map(String.init))
        set(.checkExternal, checkExternal.map(String.init))
        set(.ignoreNofollow, ignoreNofollow.map(String.init))
        // Without its credentials: this is what is saved and shown.
        set(.proxy, proxy.map { $0.isEmpty ? "" : proxyURL?.redacted ?? "" })
        set(.noProxy, noProxy)
        set(.recrawlInterval, recrawlInterval.map(CrawlOptions.number))
        return values
    }
}

/// `--max-depth` and `--max-pages-per-host`: a whole number in the flag's range, or "unlimited".
struct CountOrUnlimited: Sendable {
    var value: Int?
    init(_ value: Int?) { self.value = value }

    /// The option's transform for a flag whose numbers are `range`.
    static func parser(_ range: FlagRange<Int>) -> @Sendable (String) throws -> CountOrUnlimited {
        { argument in
            if CrawlOptions.unlimitedWords.contains(argument.lowercased()) { return CountOrUnlimited(nil) }
            do {
                return CountOrUnlimited(try range.parse(argument))
            } catch {
                throw FlagValueError("\(error), or unlimited")
            }
        }
    }

    var defaultValueDescription: String { value.map(String.init) ?? "unlimited" }
}

extension FollowScope: ExpressibleByArgument {}
