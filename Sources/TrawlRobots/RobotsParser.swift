/// Reads robots.txt bytes line by line and keeps only what one crawler needs: the rules of the groups that
/// address its product token, or failing that of the `*` groups (RFC 9309 §2.2.1), plus every sitemap.
///
/// One pass, no backtracking, nothing kept for groups that address other crawlers: a 500 KiB file costs
/// one linear scan. Works on bytes, so invalid UTF-8 never stops parsing; it only ends up percent-encoded
/// in a pattern (`PercentNormalization`).
struct RobotsParser {
    /// The rules and crawl-delay gathered for one side of the group choice.
    struct Selection {
        var rules: [RobotsRule] = []
        var crawlDelay: Double?
    }

    /// The outcome: the selection that applies to the crawler, and all sitemaps.
    struct Outcome {
        var selection: Selection
        var sitemaps: [String]
    }

    /// The fields RFC 9309 §2.2 defines, plus the widespread `crawl-delay` and `sitemap` (§2.2.4 allows
    /// other records). Anything else is ignored without touching the group state.
    private enum Field {
        case userAgent, allow, disallow, crawlDelay, sitemap
    }

    /// Which groups a member line belongs to, as far as this crawler cares.
    private enum Side {
        case specific, global
    }

    private static let fieldNames: [(name: [UInt8], field: Field)] = [
        (Array("user-agent".utf8), .userAgent), (Array("allow".utf8), .allow),
        (Array("disallow".utf8), .disallow), (Array("crawl-delay".utf8), .crawlDelay),
        (Array("sitemap".utf8), .sitemap),
    ]

    /// The crawler's product token; empty means only `*` groups can apply.
    private let token: ArraySlice<UInt8>

    private var specific = Selection()
    private var global = Selection()
    /// Some group names the crawler, even with no rules: then the `*` groups no longer apply
    /// (RFC 9309 §2.2.1).
    private var specificGroupSeen = false
    private var sitemaps: [String] = []

    /// A user-agent line has been seen, so rule lines have a group to belong to. Rules before the first
    /// user-agent line belong to no group and are ignored (RFC 9309 §2.2).
    private var inGroup = false
    /// No group member has followed the latest user-agent line, so another user-agent line extends the
    /// same group instead of starting a new one (RFC 9309 §2.2.1, "startgroupline").
    private var inAgentLines = false
    private var groupIsSpecific = false
    private var groupIsGlobal = false

    /// Parses the first `maxBytes` bytes of `body` for the crawler whose product token is `token`.
    static func parse(_ body: [UInt8], token: ArraySlice<UInt8>, maxBytes: Int) -> Outcome {
        var parser = RobotsParser(token: token)
        var end = min(body.count, max(0, maxBytes))
        // RFC 9309 §2.5 lets a crawler stop at a limit. A line cut by the limit is dropped rather than read
        // shortened: `Disallow: /private` cut to `Disallow: /` would shut the whole site.
        if end < body.count, !isLineBreak(body[end]) {
            end = body[..<end].lastIndex(where: isLineBreak).map { $0 + 1 } ?? 0
        }
        var start = 0
        if end >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF { start = 3 }  // UTF-8 BOM

        // CR, LF and CRLF all end a line (RFC 9309 §2.2, "EOL"); a CRLF just yields one empty line more,
        // which is harmless because empty lines carry no meaning inside or between groups.
        while start < end {
            let lineEnd = body[start..<end].firstIndex(where: isLineBreak) ?? end
            parser.read(line: body[start..<lineEnd])
            start = lineEnd + 1
        }

        let selection = parser.specificGroupSeen ? parser.specific : parser.global
        return Outcome(selection: selection, sitemaps: parser.sitemaps)
    }

    private init(token: ArraySlice<UInt8>) {
        self.token = token
    }

    /// One line: `field ":" value`, with optional whitespace around both and an optional `#` comment
    /// (RFC 9309 §2.2). Lines without a colon or with an unknown field name are ignored.
    private mutating func read(line: ArraySlice<UInt8>) {
        let content = line.firstIndex(of: UInt8(ascii: "#")).map { line[..<$0] } ?? line
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(content[..<colon])
        let value = Self.trimmed(content[(colon + 1)...])
        guard let field = Self.fieldNames.first(where: { Self.equalIgnoringCase($0.name[...], name) })?.field
        else { return }

        switch field {
        case .userAgent:
            readUserAgent(value)
        case .allow, .disallow:
            guard let side = memberSide(), let pattern = RobotsPattern(value) else { return }
            update(side) { $0.rules.append(RobotsRule(pattern: pattern, allows: field == .allow)) }
        case .crawlDelay:
            guard let side = memberSide(), let delay = Self.crawlDelay(value) else { return }
            // The first valid delay of the chosen groups wins; later ones are usually copy-paste leftovers.
            update(side) { $0.crawlDelay = $0.crawlDelay ?? delay }
        case .sitemap:
            // Sitemaps are "other records" outside groups (RFC 9309 §2.2.4): kept from
            // anywhere and never ending a group.
            if !value.isEmpty { sitemaps.append(String(decoding: value, as: UTF8.self)) }
        }
    }

    /// A user-agent line starts a group, or extends it when no member line came since the last one.
    /// `*` (alone, or followed by whitespace) names every crawler; any other value is compared by its
    /// product token, case-insensitively (RFC 9309 §2.2.1).
    private mutating func readUserAgent(_ value: ArraySlice<UInt8>) {
        if !inAgentLines {
            inAgentLines = true
            inGroup = true
            groupIsSpecific = false
            groupIsGlobal = false
        }
        if value.first == UInt8(ascii: "*"), value.count == 1 || Self.isSpace(value[value.startIndex + 1]) {
            groupIsGlobal = true
        } else {
            let agent = UserAgentToken.token(of: value)
            if !agent.isEmpty, Self.equalIgnoringCase(agent, token) {
                groupIsSpecific = true
                specificGroupSeen = true
            }
        }
    }

    /// For a group member line (allow, disallow, crawl-delay): ends the run of user-agent lines, and says
    /// where the member goes; nil when the group is for other crawlers or there is no group yet.
    /// Crawl-delay counts as a member, as in every crawler that reads it: it belongs to the group above it.
    private mutating func memberSide() -> Side? {
        guard inGroup else { return nil }
        inAgentLines = false
        if groupIsSpecific { return .specific }
        if groupIsGlobal { return .global }
        return nil
    }

    private mutating func update(_ side: Side, _ change: (inout Selection) -> Void) {
        switch side {
        case .specific: change(&specific)
        case .global: change(&global)
        }
    }

    /// A non-negative decimal number of seconds: digits with at most one `.`. Signs, exponents, `inf` and
    /// anything else are ignored, as the field is non-standard and often garbled.
    static func crawlDelay(_ value: ArraySlice<UInt8>) -> Double? {
        var digits = 0
        var dots = 0
        for byte in value {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots <= 1, let delay = Double(String(decoding: value, as: UTF8.self)), delay.isFinite
        else { return nil }
        return delay
    }

    @inline(__always)
    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return bytes[bytes.endIndex...] }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return bytes[first...last]
    }

    /// ASCII case-insensitive equality: field names and product tokens (RFC 9309 §2.2, §2.2.1).
    private static func equalIgnoringCase(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { lowercased($0) == lowercased($1) }
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
