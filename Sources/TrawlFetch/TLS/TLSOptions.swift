/// How the connector trusts servers over HTTPS, and which HTTP version it asks for: the knobs aiohttp's
/// `ssl=` argument and curl's `--cacert` / `--insecure` / `--http1.1` give.
///
/// The system's CA store is always trusted unless `verifyCertificates` is off: `caCertificates` adds to it,
/// it never replaces it (curl's CURLOPT_CAINFO would: see `TrustStore`). `SSL_CERT_FILE` and
/// `SSL_CERT_DIR` in the environment choose the system store, as they do for every OpenSSL program.
public struct TLSOptions: Sendable, Equatable {
    /// Check the server's certificate chain and host name (CURLOPT_SSL_VERIFYPEER / VERIFYHOST). Off is
    /// `--insecure`: any certificate is accepted, and the CLI says so.
    public var verifyCertificates = true
    /// A PEM file of CA certificates (one or several) trusted in addition to the system's store
    /// (`--ca-cert`); nil for none. An absolute path, so that a resumed crawl finds it from anywhere.
    public var caCertificates: String? = nil

    public init() {}
}

/// Which HTTP version requests ask for (CURLOPT_HTTP_VERSION).
public enum HTTPVersionPreference: String, Sendable, Equatable, CaseIterable {
    /// HTTP/2 over TLS where the server offers it in ALPN, HTTP/1.1 otherwise and for plain http://
    /// (CURL_HTTP_VERSION_2TLS, curl's default since 7.62).
    case http2 = "2"
    /// HTTP/1.1 only (`--http1.1`): ALPN offers no h2.
    case http1_1 = "1.1"
}
