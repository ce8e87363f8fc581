/// How the shared connector talks to servers. Names and meanings mirror aiohttp's `TCPConnector` and
/// `ClientTimeout`, so that a user coming from aiohttp finds the same knobs.
public struct ConnectorOptions: Sendable, Equatable {
    /// Open connections in total, idle keep-alive ones included (aiohttp `limit`;
    /// CURLMOPT_MAX_TOTAL_CONNECTIONS). trawl never has more requests in flight either.
    public var limit = 100
    /// Open connections per host:port, 0 for no bound (aiohttp `limit_per_host`;
    /// CURLMOPT_MAX_HOST_CONNECTIONS). trawl also bounds its own requests in flight per host by it,
    /// because under HTTP/2 one connection carries many requests.
    public var limitPerHost = 0
    /// Request starts per second per host, evenly spaced; nil or 0 for no bound. libcurl has no such
    /// limit: trawl enforces it before handing a request to curl.
    public var ratePerHost: Double? = nil
    /// Close each connection after its request instead of keeping it alive (aiohttp `force_close`;
    /// CURLOPT_FORBID_REUSE).
    public var forceClose = false
    /// Seconds an idle keep-alive connection may be reused (aiohttp `keepalive_timeout`;
    /// CURLOPT_MAXAGE_CONN, whole seconds, rounded up).
    public var keepaliveTimeout = 15.0
    /// Seconds to establish a connection (aiohttp `ClientTimeout.sock_connect`; CURLOPT_CONNECTTIMEOUT_MS).
    public var connectTimeout = 10.0
    /// Seconds for a whole request, from its hand-over to curl (never counting the wait in trawl's own
    /// queue) to the last body byte (aiohttp `ClientTimeout.total`; CURLOPT_TIMEOUT_MS).
    public var timeout = 30.0
    /// A transfer slower than `lowSpeedLimit` bytes per second for `lowSpeedTime` seconds is aborted as
    /// stalled (CURLOPT_LOW_SPEED_LIMIT / CURLOPT_LOW_SPEED_TIME).
    public var lowSpeedLimit = 100
    public var lowSpeedTime = 10.0
    /// Largest body accepted, counted after gzip/deflate decoding; a larger one is aborted.
    public var maxBytes = 10_000_000
    /// Redirects followed at most; a longer chain or a loop fails.
    public var maxRedirects = 10
    /// Sent exactly as given on every request.
    public var userAgent = ConnectorOptions.defaultUserAgent
    /// Whether the body of a response with this Content-Type is kept for the caller (for parsing).
    /// Other bodies are counted and dropped as they arrive, never held in memory.
    public var keepsBody: @Sendable (_ contentType: String?) -> Bool = ConnectorOptions.isMarkup

    // MARK: headers, cookies and logins (see `RequestSession`)
    /// Extra headers sent on every request, robots.txt included (`--header`; CURLOPT_HTTPHEADER).
    public var headers: [RequestHeader] = []
    /// Cookies the crawl's one jar starts with (`--cookies`); every `Set-Cookie` of the run is kept in it too,
    /// in memory only.
    public var cookies = StartingCookies()
    /// Credentials per host and a .netrc (`--auth`, `--netrc`), each sent only to its own host.
    public var logins = Logins()
    // Proxies (issue 11).
    /// `--proxy`: every request through this proxy, its credentials included (passed to curl only, never
    /// saved or printed); nil: the environment's `http_proxy` / `https_proxy` / `all_proxy` apply.
    public var proxy: ProxyURL? = nil
    /// How `proxy` is named when the run says which proxy it uses: "--proxy", "saved --proxy".
    public var proxySource = "--proxy"
    /// `--no-proxy`: the hosts reached directly, comma-separated (`NoProxyList`); nil or empty: the
    /// environment's `no_proxy` applies.
    public var noProxy: String? = nil
    /// Where the proxy variables are read (`ProxyEnvironment`); nil: this process's environment.
    public var proxyEnvironment: ProxyEnvironment? = nil

    /// The proxy each request goes through, from the fields above.
    public func proxyRoutes() throws(ProxyURLError) -> ProxyRoutes {
        try ProxyRoutes(proxy: proxy, noProxy: noProxy, environment: proxyEnvironment ?? .current,
                        proxySource: proxySource)
    }
    // MARK: HTTPS and HTTP/2 (issue 11)
    /// Which servers' certificates are trusted (`--ca-cert`, `--insecure`, SSL_CERT_FILE / SSL_CERT_DIR).
    public var tls = TLSOptions()
    /// HTTP/2 over TLS where offered (the default), or HTTP/1.1 only (`--http1.1`). Under HTTP/2 requests
    /// to one host share one connection; `limitPerHost` still bounds requests in flight.
    public var httpVersion = HTTPVersionPreference.http2

    public static let defaultUserAgent = "trawl/0.1 (batch web crawler; libcurl)"

    /// HTML and XHTML, and responses that do not say what they are.
    public static let isMarkup: @Sendable (String?) -> Bool = { contentType in
        guard let type = contentType?.lowercased() else { return true }
        return type.contains("html")
    }

    public init() {}

    public static func == (lhs: ConnectorOptions, rhs: ConnectorOptions) -> Bool {
        lhs.limit == rhs.limit && lhs.limitPerHost == rhs.limitPerHost && lhs.ratePerHost == rhs.ratePerHost
            && lhs.forceClose == rhs.forceClose && lhs.keepaliveTimeout == rhs.keepaliveTimeout
            && lhs.connectTimeout == rhs.connectTimeout && lhs.timeout == rhs.timeout
            && lhs.lowSpeedLimit == rhs.lowSpeedLimit && lhs.lowSpeedTime == rhs.lowSpeedTime
            && lhs.maxBytes == rhs.maxBytes && lhs.maxRedirects == rhs.maxRedirects
            && lhs.userAgent == rhs.userAgent
            && lhs.headers == rhs.headers && lhs.cookies == rhs.cookies && lhs.logins == rhs.logins
            && lhs.proxy == rhs.proxy && lhs.noProxy == rhs.noProxy && lhs.proxyEnvironment == rhs.proxyEnvironment
            && lhs.tls == rhs.tls && lhs.httpVersion == rhs.httpVersion
    }
}
