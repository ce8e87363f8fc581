/// What a host's robots.txt says to one crawler (RFC 9309): the rules of the group chosen for its product
/// token, compiled for matching, and the crawl-delay and sitemaps listed.
///
/// Built once per host and consulted for every URL of that host, so the work is done here at parse time:
/// patterns are normalized and split at their wildcards, and the rules are sorted so that the first one
/// that matches is the one RFC 9309 §2.2.2 says decides.
public struct RobotsRules: Sendable, Equatable {
    /// Longest pattern first (most octets, RFC 9309 §2.2.2), Allow before Disallow at equal length
    /// ("the allow rule SHOULD be used"); the first match decides. Remaining ties are ordered by the
    /// pattern's bytes, which changes no verdict but makes two files with the same rules compare equal.
    private let rules: [RobotsRule]

    /// Crawl-delay in seconds for the chosen group, if given. Not part of RFC 9309 but widely used; the
    /// first valid non-negative integer or decimal wins, anything else is ignored.
    public let crawlDelay: Double?

    /// Sitemap URLs listed anywhere in the file, in file order, as written. Kept for future use.
    public let sitemaps: [String]

    /// Parses robots.txt bytes for the crawler whose user-agent is `userAgent`.
    ///
    /// - The crawler is named by its product token (`UserAgentToken.of`), so `"trawl"` and
    ///   `"trawl/0.1 (batch web crawler; libcurl)"` choose the same groups (RFC 9309 §2.2.1).
    /// - Every group whose user-agent token equals that token case-insensitively applies, merged into one;
    ///   only when there is none do the `*` groups apply, merged likewise; with neither, everything is
    ///   allowed (RFC 9309 §2.2.1).
    /// - Bytes are read as UTF-8 with a leading BOM skipped; invalid bytes end up percent-encoded in
    ///   patterns instead of stopping the parse. Lines end with CR, LF or CRLF.
    /// - Only the first `maxBytes` bytes are read: RFC 9309 §2.5 requires at least 500 KiB, and the
    ///   default 512,000 meets it. A line cut by the limit is ignored.
    public init(parsing body: [UInt8], userAgent: String, maxBytes: Int = 512_000) {
        let token = UserAgentToken.token(of: Array(userAgent.utf8)[...])
        let outcome = RobotsParser.parse(body, token: token, maxBytes: maxBytes)
        self.init(
            rules: outcome.selection.rules, crawlDelay: outcome.selection.crawlDelay, sitemaps: outcome.sitemaps)
    }

    init(rules: [RobotsRule], crawlDelay: Double?, sitemaps: [String]) {
        self.rules = rules.sorted { left, right in
            if left.pattern.length != right.pattern.length { return left.pattern.length > right.pattern.length }
            if left.allows != right.allows { return left.allows }
            return left.pattern < right.pattern
        }
        self.crawlDelay = crawlDelay
        self.sitemaps = sitemaps
    }

    /// No rules: what a missing robots.txt (4xx) means (RFC 9309 §2.3.1.3).
    public static let allowAll = RobotsRules(rules: [], crawlDelay: nil, sitemaps: [])

    /// `Disallow: /` for everyone: what an unreachable robots.txt means (RFC 9309 §2.3.1.4).
    /// `/robots.txt` itself stays allowed.
    public static let disallowAll = RobotsRules(
        rules: [RobotsRule(pattern: RobotsPattern(Array("/".utf8)[...])!, allows: false)], crawlDelay: nil,
        sitemaps: [])

    /// Whether `pathAndQuery` may be fetched: the URL's path plus `?query` if any, as in the normalized URL
    /// (`/a/b?x=1`). An empty string stands for `/`.
    ///
    /// The rule with the longest matching pattern decides, Allow winning a tie; with no match the URL is
    /// allowed, and `/robots.txt` always is (RFC 9309 §2.2.2). Matching is case-sensitive and compares
    /// both sides in one canonical percent-encoding (`PercentNormalization`), so `%7E` and `~` match
    /// while `%2F` and `/` do not.
    public func allows(_ pathAndQuery: String) -> Bool {
        guard !rules.isEmpty else { return true }
        var text = pathAndQuery
        return text.withUTF8 { raw in
            if raw.first == UInt8(ascii: "/"), !PercentNormalization.needsNormalization(raw) {
                return decide(raw)
            }
            var canonical: [UInt8] = []
            canonical.reserveCapacity(raw.count + 8)
            if raw.first != UInt8(ascii: "/") { canonical.append(UInt8(ascii: "/")) }
            PercentNormalization.appendCanonical(raw, to: &canonical)
            return canonical.withUnsafeBufferPointer { decide($0) }
        }
    }

    private func decide(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if Self.isRobotsFile(path) { return true }
        for rule in rules where rule.pattern.matches(path) {
            return rule.allows
        }
        return true
    }

    private static let robotsFile = Array("/robots.txt".utf8)

    /// `/robots.txt`, with or without a query: "implicitly allowed" (RFC 9309 §2.2.2), so that a site
    /// that disallows everything can still be read, and re-read, by the crawler.
    private static func isRobotsFile(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let pathEnd = path.firstIndex(of: UInt8(ascii: "?")) ?? path.count
        return pathEnd == robotsFile.count && path[..<pathEnd].elementsEqual(robotsFile)
    }
}

/// One allow or disallow line of the chosen group.
struct RobotsRule: Sendable, Equatable {
    let pattern: RobotsPattern
    let allows: Bool
}
