internal import CCurl

/// What the linked libcurl can do (`curl_version_info`), for `trawl --version` and for the connector's
/// defaults: which TLS library, whether HTTP/2 (nghttp2) is there, which content encodings it decodes.
public struct LibcurlInfo: Sendable {
    public var version: String
    /// "OpenSSL/3.0.19"; nil when built without TLS (no https:// at all).
    public var sslLibrary: String?
    /// "1.52.0" when HTTP/2 is supported.
    public var nghttp2: String?
    public var http3: String?
    public var brotli: Bool
    public var zstd: Bool
    public var gzip: Bool
    /// Internationalized domain names resolved by curl (trawl converts them itself too, with libidn2).
    public var idn: Bool
    public var httpsProxy: Bool
    public var asyncDNS: Bool
    /// The compiled-in CA bundle and directory (CURLOPT_CAINFO / CURLOPT_CAPATH defaults).
    public var defaultCAFile: String?
    public var defaultCADirectory: String?

    public static let current: LibcurlInfo = {
        CurlGlobal.ensureInitialized()
        let data = trawl_curl_version_info().pointee
        func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        let features = Int(data.features)
        func has(_ bit: Int32) -> Bool { features & Int(bit) != 0 }
        return LibcurlInfo(
            version: text(data.version) ?? "?", sslLibrary: text(data.ssl_version),
            nghttp2: has(CURL_VERSION_HTTP2) ? text(data.nghttp2_version) ?? "yes" : nil,
            http3: has(CURL_VERSION_HTTP3) ? text(data.quic_version) ?? "yes" : nil,
            brotli: has(CURL_VERSION_BROTLI), zstd: has(CURL_VERSION_ZSTD), gzip: has(CURL_VERSION_LIBZ),
            idn: has(CURL_VERSION_IDN), httpsProxy: has(CURL_VERSION_HTTPS_PROXY), asyncDNS: has(CURL_VERSION_ASYNCHDNS),
            defaultCAFile: text(data.cainfo), defaultCADirectory: text(data.capath))
    }()

    /// `trawl --version`'s lines about libcurl.
    public var summary: String {
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        return """
            libcurl \(version), \(sslLibrary ?? "no TLS library (https:// unavailable)")
              HTTP/2: \(nghttp2.map { "yes (nghttp2 \($0))" } ?? "no"), HTTP/3: \(http3.map { "yes (\($0))" } ?? "no"), \
            HTTPS proxy: \(yes(httpsProxy))
              decodes: gzip/deflate \(yes(gzip)), brotli \(yes(brotli)), zstd \(yes(zstd)); IDN: \(yes(idn)); \
            async DNS: \(yes(asyncDNS))
              CA store: \(defaultCAFile ?? "none compiled in") and \(defaultCADirectory ?? "no directory") \
            (SSL_CERT_FILE / SSL_CERT_DIR replace them)
            """
    }
}
