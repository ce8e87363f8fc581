internal import CCurl

/// One libcurl URL handle (`CURLU*`, curl's URL API), owned here and freed in `deinit`: how the connector
/// takes a URL apart the way curl itself will read it (a proxy URL, the URL a redirect led to).
final class CurlURL {
    private let handle: OpaquePointer

    /// Parses `text` (`curl_url_set` with CURLUPART_URL); nil when curl cannot read it as a URL.
    /// `anyScheme`: accept schemes curl does not fetch itself (CURLU_NON_SUPPORT_SCHEME), such as socks5h.
    init?(parsing text: String, anyScheme: Bool = false) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_url() else { return nil }
        self.handle = handle
        let flags = anyScheme ? UInt32(CURLU_NON_SUPPORT_SCHEME) : 0
        guard curl_url_set(handle, CURLUPART_URL, text, flags) == CURLUE_OK else { return nil }
    }

    deinit { curl_url_cleanup(handle) }

    var scheme: String? { part(CURLUPART_SCHEME) }
    /// The host as written in the URL (curl keeps its case; an IPv6 literal in brackets).
    var host: String? { part(CURLUPART_HOST) }
    var port: String? { part(CURLUPART_PORT) }
    var path: String? { part(CURLUPART_PATH) }
    var query: String? { part(CURLUPART_QUERY) }
    var fragment: String? { part(CURLUPART_FRAGMENT) }
    /// The userinfo's parts, percent-decoded (CURLU_URLDECODE).
    var user: String? { part(CURLUPART_USER, flags: UInt32(CURLU_URLDECODE)) }
    var password: String? { part(CURLUPART_PASSWORD, flags: UInt32(CURLU_URLDECODE)) }

    /// One part (`curl_url_get`), nil when the URL has none.
    private func part(_ part: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
