/// Resolves many links against one page, parsing the page's URL once (`URLRecord`), with fast paths for
/// the everyday spellings of links (`joined`, `pathOnSameOrigin`, `simpleAbsolute`) and the WHATWG URL
/// parser (`URLParser`) for everything else.
///
/// Results are those of `NormalizedURL.resolving(_:)`. Not `Sendable` only because it has no need to be:
/// make one per page being parsed.
public final class LinkResolver {
    /// The page the links were found on.
    public let base: NormalizedURL
    private let record: URLRecord?
    private let parts: BaseParts
    /// Off in `NormalizedURL.resolving` and in the test that checks the fast paths against the parser.
    let usesFastPath: Bool

    public convenience init(base: NormalizedURL) {
        self.init(base: base, usesFastPath: true)
    }

    init(base: NormalizedURL, usesFastPath: Bool) {
        self.base = base
        self.parts = BaseParts(base)
        self.usesFastPath = usesFastPath
        self.record = base.record
    }

    /// See `NormalizedURL.resolving(_:)`.
    public func resolve(_ href: String) -> NormalizedURL? {
        resolve(PreparedReference(href))
    }

    /// `resolve(_:)` for an href's UTF-8 bytes, as `ParsedPage.forEachHref` gives them (no String made).
    public func resolve(utf8 href: UnsafeBufferPointer<UInt8>) -> NormalizedURL? {
        resolve(PreparedReference(utf8: href))
    }

    private func resolve(_ reference: PreparedReference) -> NormalizedURL? {
        switch reference.scheme {
        case .http, .https:
            // A link spelled with the page's own origin ("http://host:port/path") is a path from its root.
            if usesFastPath, let path = Self.pathOnSameOrigin(reference.cString, parts: parts),
               let joined = Self.joined(path, to: parts, base: base) {
                return joined
            }
            if usesFastPath, let simple = Self.simpleAbsolute(reference.cString) { return simple }
        case .other:
            return nil
        case .none:
            if reference.isSameDocument { return base }
            if usesFastPath, let joined = Self.joined(reference.cString, to: parts, base: base) { return joined }
        }
        guard let record else { return nil }
        return (try? reference.parse(base: record))?.normalizedURL
    }
}

extension LinkResolver {
    /// The links of one page as the crawl stores them: every href resolved against the page's `<base href>`
    /// (itself resolved against `pageURL`) or else `pageURL`, those that are not http(s) or do not parse
    /// dropped, and duplicates after normalization dropped, in first-seen order. The base is parsed once.
    ///
    /// - Parameter hrefs: calls its argument with each href's UTF-8 bytes (`ParsedPage.forEachHref`).
    public static func distinctLinks(
        onPage pageURL: NormalizedURL, baseHref: String?, hrefCount: Int,
        hrefs: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) -> [NormalizedURL] {
        let base = baseHref.flatMap { pageURL.resolving($0) } ?? pageURL
        let resolver = LinkResolver(base: base)
        var seen = Set<String>(minimumCapacity: hrefCount)
        var links: [NormalizedURL] = []
        links.reserveCapacity(hrefCount)
        hrefs { href in
            guard let link = resolver.resolve(utf8: href), seen.insert(link.string).inserted else { return }
            links.append(link)
        }
        return links
    }
}
