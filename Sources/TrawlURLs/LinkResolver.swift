/// Resolves many links against one page, parsing the page's URL once (`curl_url_set`) and starting each
/// link from a copy of that parsed handle (`curl_url_dup`) instead of parsing the base again.
///
/// Results are those of `NormalizedURL.resolving(_:)`. Not `Sendable`: it owns a curl handle, which is
/// used by one thread at a time; make one per page being parsed.
public final class LinkResolver {
    /// The page the links were found on.
    public let base: NormalizedURL
    private let handle: CurlURLHandle?
    private let parts: BaseParts
    /// Off only in the test that checks the fast path against curl.
    let usesFastPath: Bool

    public convenience init(base: NormalizedURL) {
        self.init(base: base, usesFastPath: true)
    }

    init(base: NormalizedURL, usesFastPath: Bool) {
        self.base = base
        self.parts = BaseParts(base)
        self.usesFastPath = usesFastPath
        guard let handle = CurlURLHandle(), handle.setURL(base.string).isOK else {
            self.handle = nil
            return
        }
        self.handle = consume handle
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
            return NormalizedURL.resolvingAbsolute(reference)
        case .other:
            return nil
        case .none:
            if reference.isSameDocument { return base }
            if usesFastPath, let joined = Self.joined(reference.cString, to: parts, base: base) { return joined }
            guard let copy = handle?.duplicate() ?? nil, copy.setURL(bytes: reference.cString).isOK else { return nil }
            return try? NormalizedURL.read(copy).get()
        }
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
