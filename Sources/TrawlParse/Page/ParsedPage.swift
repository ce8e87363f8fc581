/// What the crawler keeps of one HTML page: its title, its outgoing links as written, and what it says
/// about itself (description, robots directives).
///
/// Links are raw: entity-decoded by libxml2 and trimmed, but not resolved. Resolving needs the page URL and
/// `baseHref`, which is the URL layer's job (curl's URL API), not the parser's.
public struct ParsedPage: Sendable, Equatable {
    /// The text of the first `<title>`: entities decoded, runs of ASCII whitespace collapsed to one space,
    /// trimmed. A no-break space (U+00A0) is kept: it is not whitespace to HTML. Nil when there is no title
    /// or it is blank.
    public var title: String?
    /// The trimmed `href` of the first `<base>` that has one; nil when absent or blank.
    public var baseHref: String?
    /// The content of the first `<meta name="description">`, whitespace collapsed like the title; nil when
    /// absent or blank.
    public var description: String?
    /// `<meta name="robots">` and `<meta name="TOKEN">` (the crawl's robots token) directives.
    public var robots = RobotsDirectives()
    /// The Encoding Standard's name of the encoding the page was read in ("UTF-8", "windows-1252", …).
    public var encoding = "UTF-8"
    /// The links' UTF-8 bytes back to back, where each ends, and each one's kind and `rel=nofollow` (one
    /// byte: the `LinkKind` bit, 0x80 for nofollow): one buffer for a page's links instead of a string
    /// each (a crawl reads them once, as bytes).
    private var hrefBytes: [UInt8] = []
    private var hrefEnds: [Int] = []
    private var hrefTags: [UInt8] = []
    /// True when the cap on distinct links (`HTMLPageParser.maxLinks`) dropped some.
    public var linksTruncated: Bool

    public init(title: String? = nil, baseHref: String? = nil, hrefs: [String] = [], linksTruncated: Bool = false) {
        self.title = title
        self.baseHref = baseHref
        self.linksTruncated = linksTruncated
        for href in hrefs { appendHref(href.utf8, kind: .anchor, relNofollow: false) }
    }

    /// The trimmed `href`/`src`/URL of every link, of every kind, in document order; repeats of the same
    /// link (same text up to any `#`, kind and nofollow) are kept once.
    public var hrefs: [String] {
        var result: [String] = []
        result.reserveCapacity(hrefEnds.count)
        forEachHref { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    /// The links with their kinds, for tests and tools.
    public var links: [(href: String, kind: LinkKind, relNofollow: Bool)] {
        var result: [(href: String, kind: LinkKind, relNofollow: Bool)] = []
        forEachLink { result.append((String(decoding: $0, as: UTF8.self), $1, $2)) }
        return result
    }

    /// How many links there are.
    public var hrefCount: Int { hrefEnds.count }

    /// Calls `body` with each link's UTF-8 bytes (valid UTF-8), in document order; the bytes are valid
    /// during the call only.
    public func forEachHref(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try forEachLink { href, _, _ in try body(href) }
    }

    /// `forEachHref`, with each link's kind and whether its `rel` says `nofollow`.
    public func forEachLink(_ body: (UnsafeBufferPointer<UInt8>, LinkKind, Bool) throws -> Void) rethrows {
        try hrefBytes.withUnsafeBufferPointer { all in
            var start = 0
            for (index, end) in hrefEnds.enumerated() {
                let tag = hrefTags[index]
                try body(UnsafeBufferPointer(rebasing: all[start..<end]), LinkKind(rawValue: tag & 0x7F) ?? .anchor,
                         tag & 0x80 != 0)
                start = end
            }
        }
    }

    /// Appends one link (valid UTF-8).
    mutating func appendHref<Bytes: Sequence<UInt8>>(_ bytes: Bytes, kind: LinkKind, relNofollow: Bool) {
        hrefBytes.append(contentsOf: bytes)
        hrefEnds.append(hrefBytes.count)
        hrefTags.append(kind.rawValue | (relNofollow ? 0x80 : 0))
    }

    /// Equal content; the encoding it was read in is not compared.
    public static func == (lhs: ParsedPage, rhs: ParsedPage) -> Bool {
        lhs.title == rhs.title && lhs.baseHref == rhs.baseHref && lhs.description == rhs.description
            && lhs.robots == rhs.robots && lhs.hrefBytes == rhs.hrefBytes && lhs.hrefEnds == rhs.hrefEnds
            && lhs.hrefTags == rhs.hrefTags && lhs.linksTruncated == rhs.linksTruncated
    }
}
