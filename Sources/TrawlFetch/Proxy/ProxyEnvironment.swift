#if canImport(Glibc)
import Glibc
#endif

/// The proxy variables of the environment, read as libcurl 7.88 reads them (lib/url.c, `detect_proxy`),
/// so that a shell set up for curl, wget or pip sends trawl through the same proxy.
///
/// - http:// targets: `http_proxy`, lower case only (an upper-case `HTTP_PROXY` can be set by a CGI
///   request's `Proxy:` header, the "httpoxy" hole, so curl ignores it);
/// - https:// targets: `https_proxy`, else `HTTPS_PROXY`;
/// - either, when the above is not set: `all_proxy`, else `ALL_PROXY`;
/// - hosts to reach directly: `no_proxy`, else `NO_PROXY`.
///
/// An empty variable counts as not set. trawl reads them itself (instead of leaving it to curl) to say
/// which proxy a run uses, to apply the private-address guard by name to proxied requests, and to check the
/// URLs before the crawl starts.
public struct ProxyEnvironment: Sendable, Equatable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) { self.variables = variables }

    /// The names above, read from this process's environment (`getenv`).
    public static var current: ProxyEnvironment {
        var variables: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return ProxyEnvironment(variables)
    }

    static let names = ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"]

    /// The variable (name and value) that names the proxy for targets of `scheme` ("http", "https").
    func proxyVariable(for scheme: String) -> (name: String, value: String)? {
        let candidates = scheme == "http" ? ["http_proxy"] : ["https_proxy", "HTTPS_PROXY"]
        return first(of: candidates + ["all_proxy", "ALL_PROXY"])
    }

    var noProxyVariable: (name: String, value: String)? { first(of: ["no_proxy", "NO_PROXY"]) }

    private func first(of names: [String]) -> (name: String, value: String)? {
        for name in names {
            if let value = variables[name], !value.trimmingASCIISpaces.isEmpty { return (name, value) }
        }
        return nil
    }
}
