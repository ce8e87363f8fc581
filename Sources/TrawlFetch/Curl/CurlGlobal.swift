internal import CCurl

/// `curl_global_init` must run once, before any other curl call and before threads use curl.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialized() { _ = initialized }

    /// libcurl's version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.17 …", for diagnostics (`curl_version`).
    static var version: String {
        ensureInitialized()
        return String(cString: curl_version())
    }
}
