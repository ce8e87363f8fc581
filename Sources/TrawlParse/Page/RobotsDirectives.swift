/// What a page tells crawlers about itself: `<meta name="robots" content="noindex, nofollow">`, the same
/// addressed to one crawler (`<meta name="trawl" …>`), and the `X-Robots-Tag` response header, plain or
/// with a user-agent prefix (`X-Robots-Tag: trawl: noindex`), as Google documents them.
///
/// Directives are kept lower-cased, in first-seen order, without repeats; `none` means `noindex` and
/// `nofollow` together.
public struct RobotsDirectives: Sendable, Equatable {
    public private(set) var directives: [String] = []

    public init() {}

    public var isEmpty: Bool { directives.isEmpty }
    public var noindex: Bool { directives.contains("noindex") || directives.contains("none") }
    public var nofollow: Bool { directives.contains("nofollow") || directives.contains("none") }

    /// The directives comma-separated (`"noindex,nofollow"`), as `page_meta.robots` stores them; nil when none.
    public var text: String? { directives.isEmpty ? nil : directives.joined(separator: ",") }

    /// Adds a meta robots `content`: comma-separated directives.
    public mutating func add(content: some StringProtocol) {
        for part in content.split(separator: ",") {
            let directive = ASCIIWhitespace.trimming(part).lowercased()
            if !directive.isEmpty, !directives.contains(directive) { directives.append(directive) }
        }
    }

    /// Adds one `X-Robots-Tag` header value when it applies to `token` (the crawl's robots.txt product token):
    /// a value without a user-agent prefix applies to every crawler; `name: directives` only to `name`
    /// (ASCII case-insensitive). A prefix is a leading word followed by `:` that is not itself a directive
    /// with a value (`unavailable_after: <date>`, `max-snippet: 20`).
    public mutating func add(header value: String, token: String) {
        let valueDirectives: Set<String> = [
            "unavailable_after", "max-snippet", "max-image-preview", "max-video-preview",
        ]
        if let colon = value.firstIndex(of: ":") {
            let name = ASCIIWhitespace.trimming(value[..<colon]).lowercased()
            let isPrefix = !name.isEmpty && !valueDirectives.contains(name) && !name.contains(",")
                && !name.contains(" ")
            if isPrefix {
                if name == token.lowercased() { add(content: value[value.index(after: colon)...]) }
                return
            }
        }
        add(content: value)
    }

    /// Whether a meta `name` addresses trawl: `robots`, or the crawl's own token.
    static func addresses(metaName name: String, token: String) -> Bool {
        let lowered = ASCIIWhitespace.trimming(name).lowercased()
        return lowered == "robots" || (!token.isEmpty && lowered == token.lowercased())
    }
}
