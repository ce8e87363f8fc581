/// What the crawler keeps of one HTML page: its title and its outgoing links, as written.
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
    /// The hrefs' UTF-8 bytes back to back, and where each ends: one buffer for a page's links instead of
    /// a string each (a crawl reads them once, as bytes).
    private var hrefBytes: [UInt8] = []
    private var hrefEnds: [Int] = []
    /// True when `maxLinks` dropped some links.
    public var linksTruncated: Bool

    public init(title: String? = nil, baseHref: String? = nil, hrefs: [String] = [], linksTruncated: Bool = false) {
        self.title = title
        self.baseHref = baseHref
        self.linksTruncated = linksTruncated
        for href in hrefs { appendHref(href.utf8) }
    }

    /// The trimmed `href` of every `<a>` and `<area>`, in document order, at most `HTMLPageParser.maxLinks`
    /// of them. Blank hrefs are skipped.
    public var hrefs: [String] {
        var result: [String] = []
        result.reserveCapacity(hrefEnds.count)
        forEachHref { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    /// How many hrefs there are.
    public var hrefCount: Int { hrefEnds.count }

    /// Calls `body` with each href's UTF-8 bytes (valid UTF-8), in document order; the bytes are valid
    /// during the call only.
    public func forEachHref(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try hrefBytes.withUnsafeBufferPointer { all in
            var start = 0
            for end in hrefEnds {
                try body(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    /// Appends one href (valid UTF-8).
    mutating func appendHref<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        hrefBytes.append(contentsOf: bytes)
        hrefEnds.append(hrefBytes.count)
    }
}
