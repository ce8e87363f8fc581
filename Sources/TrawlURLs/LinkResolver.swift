/// Resolves many links against one page, parsing the page's URL once (`curl_url_set`) and starting each
/// link from a copy of that parsed handle (`curl_url_dup`) instead of parsing the base again.
///
/// Results are those of `NormalizedURL.resolving(_:)`. Not `Sendable`: it owns a curl handle, which is
/// used by one thread at a time; make one per page being parsed.
public final class LinkResolver {
    /// The page the links were found on.
    public let base: NormalizedURL
    private let handle: CurlURLHandle?

    public init(base: NormalizedURL) {
        self.base = base
        guard let handle = CurlURLHandle(), handle.setURL(base.string).isOK else {
            self.handle = nil
            return
        }
        self.handle = consume handle
    }

    /// See `NormalizedURL.resolving(_:)`.
    public func resolve(_ href: String) -> NormalizedURL? {
        let reference = PreparedReference(href)
        switch reference.scheme {
        case .http, .https:
            return NormalizedURL.resolvingAbsolute(reference)
        case .other:
            return nil
        case .none:
            if reference.isSameDocument { return base }
            guard let copy = handle?.duplicate() ?? nil, copy.setURL(bytes: reference.cString).isOK else { return nil }
            return try? NormalizedURL.read(copy).get()
        }
    }
}
