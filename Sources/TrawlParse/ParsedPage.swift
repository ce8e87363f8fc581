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
    /// The trimmed `href` of every `<a>` and `<area>`, in document order, at most `HTMLPageParser.maxLinks`
    /// of them. Blank hrefs are skipped.
    public var hrefs: [String]
    /// True when `maxLinks` dropped some links.
    public var linksTruncated: Bool

    public init(title: String? = nil, baseHref: String? = nil, hrefs: [String] = [], linksTruncated: Bool = false) {
        self.title = title
        self.baseHref = baseHref
        self.hrefs = hrefs
        self.linksTruncated = linksTruncated
    }
}
