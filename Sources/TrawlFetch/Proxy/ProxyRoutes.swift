/// Which proxy, if any, each request goes through: decided once per crawl from `--proxy` / `--no-proxy`
/// and the environment (`ProxyEnvironment`), then per request from its URL's scheme and host.
///
/// `--proxy` applies to http:// and https:// targets alike and replaces the environment's proxies;
/// `--no-proxy` replaces `no_proxy`, and applies to a `--proxy` as well (as CURLOPT_NOPROXY does).
/// The connector sets CURLOPT_PROXY on every transfer to this decision — the proxy, or "" for a direct
/// connection — and CURLOPT_NOPROXY to "", so that curl does not decide differently from the environment:
/// what trawl checks (the private-address guard, the per-host limits) and says is what curl does.
/// A transfer's redirects go the way its first request went.
public struct ProxyRoutes: Sendable, Equatable {
    /// A proxy and where it was named: "--proxy", "saved --proxy", "https_proxy", "all_proxy".
    public struct Route: Sendable, Equatable {
        public let proxy: ProxyURL
        public let source: String
    }

    public let http: Route?
    public let https: Route?
    public let noProxy: NoProxyList
    /// Where `noProxy` came from: "--no-proxy", "no_proxy", "NO_PROXY"; nil when empty.
    public let noProxySource: String?

    /// `proxy` and `noProxy` as `ConnectorOptions` hold them (nil: not given, the environment applies);
    /// `proxySource`: how to name `proxy` in messages. Throws when a proxy variable of the environment is
    /// not a proxy URL trawl can use (the flag's was checked when it was read).
    public init(
        proxy: ProxyURL?, noProxy: String?, environment: ProxyEnvironment, proxySource: String = "--proxy"
    ) throws(ProxyURLError) {
        if let proxy {
            let route = Route(proxy: proxy, source: proxySource)
            (http, https) = (route, route)
        } else {
            func route(_ scheme: String) throws(ProxyURLError) -> Route? {
                guard let (name, value) = environment.proxyVariable(for: scheme) else { return nil }
                return Route(proxy: try ProxyURL(parsing: value, origin: name), source: name)
            }
            (http, https) = (try route("http"), try route("https"))
        }
        if let noProxy, !noProxy.trimmingASCIISpaces.isEmpty {
            (self.noProxy, noProxySource) = (NoProxyList(noProxy), "--no-proxy")
        } else if let (name, value) = environment.noProxyVariable {
            (self.noProxy, noProxySource) = (NoProxyList(value), name)
        } else {
            (self.noProxy, noProxySource) = (NoProxyList(""), nil)
        }
    }

    /// No proxy at all: every request is direct.
    public static let direct = ProxyRoutes()
    private init() { (http, https, noProxy, noProxySource) = (nil, nil, NoProxyList(""), nil) }

    /// Whether any request may go through a proxy.
    public var usesProxy: Bool { http != nil || https != nil }

    /// The route of a request to `url` ("http://host:port/path"); nil: direct.
    func route(for url: String) -> Route? {
        guard usesProxy, let parsed = CurlURL(parsing: url), let host = parsed.host else { return nil }
        let route = parsed.scheme?.lowercased() == "https" ? https : http
        guard let route, !noProxy.matches(host: host) else { return nil }
        return route
    }

    /// What a run says about its proxy, once, without credentials; nil when it uses none:
    /// "via proxy http://127.0.0.1:8888 (from --proxy)",
    /// "via proxy http://10.0.0.1:3128 for https:// (from https_proxy), http:// direct; direct to
    /// localhost,.internal (no_proxy)".
    public var summary: String? {
        guard usesProxy else { return nil }
        var parts: [String] = []
        switch (http, https) {
        case let (http?, https?) where http == https:
            parts.append("\(http.proxy.redacted) (from \(http.source))")
        default:
            if let http { parts.append("\(http.proxy.redacted) for http:// (from \(http.source))") }
            if let https { parts.append("\(https.proxy.redacted) for https:// (from \(https.source))") }
            if http == nil { parts.append("http:// direct") }
            if https == nil { parts.append("https:// direct") }
        }
        var line = "via proxy " + parts.joined(separator: ", ")
        if let noProxySource, !noProxy.isEmpty { line += "; direct to \(noProxy) (\(noProxySource))" }
        return line
    }
}
