/// A proxy to send requests through (`--proxy`, or `http_proxy` and its kin), as curl's CURLOPT_PROXY
/// reads it: `scheme://[user:password@]host[:port]`.
///
/// The credentials are kept apart from the rest: `redacted` — what the database, logs, progress and every
/// message show — never holds them, and they reach curl only through CURLOPT_PROXYUSERNAME /
/// CURLOPT_PROXYPASSWORD.
public struct ProxyURL: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of proxy trawl speaks through (curl's proxy schemes, less SOCKS4 and SOCKS4a).
    public enum Scheme: String, Sendable, CaseIterable {
        /// An HTTP proxy: http:// targets as absolute-form requests to it, https:// ones through a
        /// CONNECT tunnel (RFC 9110 §9.3.6), so that TLS stays end to end.
        case http
        /// The same, spoken to the proxy over TLS (verified against the system's CA store).
        case https
        /// SOCKS5 (RFC 1928) with the target's name resolved by trawl (curl), then sent as an address.
        case socks5
        /// SOCKS5 with the target's name sent to the proxy, which resolves it: no DNS query leaves
        /// trawl's machine for the target.
        case socks5h
    }

    public let scheme: Scheme
    /// As curl reads it: a lower-case name, a dotted IPv4 address, or an IPv6 literal in brackets.
    public let host: String
    /// nil: curl's default for the scheme (1080, or 443 for https://: CURLOPT_PROXYPORT's documentation).
    public let port: Int?
    /// The user and password of the URL's userinfo, percent-decoded; nil when it has none.
    public var credentials: ProxyCredentials?

    /// Reads and checks a proxy URL. A URL without a scheme (`127.0.0.1:3128`, as environment variables
    /// often hold) is an http:// one, as for curl. `origin` names where the text came from in errors
    /// ("--proxy", "https_proxy").
    public init(parsing text: String, origin: String = "--proxy") throws(ProxyURLError) {
        let trimmed = text.trimmingASCIISpaces
        guard !trimmed.isEmpty else { throw ProxyURLError(origin: origin, input: text, problem: .empty) }
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        func failure(_ problem: ProxyURLError.Problem) -> ProxyURLError {
            ProxyURLError(origin: origin, input: text, problem: problem)
        }
        guard let url = CurlURL(parsing: withScheme, anyScheme: true) else { throw failure(.unreadable) }
        let schemeText = url.scheme?.lowercased() ?? ""
        guard let scheme = Scheme(rawValue: schemeText) else { throw failure(.scheme(schemeText)) }
        guard let host = url.host, !host.isEmpty else { throw failure(.noHost) }
        let path = url.path ?? "/"
        guard path == "/" || path.isEmpty, url.query == nil, url.fragment == nil else {
            throw failure(.pathOrQuery)
        }
        var port: Int? = nil
        if let text = url.port {
            guard let number = Int(text), (1...65_535).contains(number) else { throw failure(.port(text)) }
            port = number
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        if let user = url.user {
            credentials = ProxyCredentials(user: user, password: url.password ?? "")
        }
    }

    /// `scheme://host[:port]`: the proxy without its credentials, for the database, logs and messages.
    public var redacted: String {
        "\(scheme.rawValue)://\(host)" + (port.map { ":\($0)" } ?? "")
    }

    public var description: String { redacted }

    /// Whether curl resolves the target's name itself before talking to the proxy (socks5://).
    public var resolvesTargetLocally: Bool { scheme == .socks5 }

    /// `input` with anything between `://` and the last `@` of its authority replaced by `***`: how a proxy
    /// URL that could not be read is shown, since it may hold a password.
    public static func redacting(_ input: String) -> String {
        let start = input.firstRange(of: "://")?.upperBound ?? input.startIndex
        let authorityEnd = input[start...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? input.endIndex
        guard let at = input[start..<authorityEnd].lastIndex(of: "@") else { return input }
        return String(input[..<start]) + "***" + String(input[at...])
    }
}

/// A proxy's user name and password. Never printed: its description says only that there are some.
public struct ProxyCredentials: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "(credentials)" }
}

/// A proxy URL trawl cannot use: where it came from, what it was (credentials hidden), and what to do.
public struct ProxyURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case empty, unreadable, scheme(String), noHost, pathOrQuery, port(String)
    }

    /// "--proxy", "https_proxy", "saved --proxy".
    public let origin: String
    /// The URL as given, with any userinfo replaced by `***`.
    public let shown: String
    public let problem: Problem

    public init(origin: String, input: String, problem: Problem) {
        self.origin = origin
        self.shown = ProxyURL.redacting(input)
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .empty: what = "is empty"
        case .unreadable: what = "is not a URL"
        case .scheme(let scheme):
            what = "has the scheme '\(scheme)', which trawl cannot use as a proxy"
        case .noHost: what = "names no host"
        case .pathOrQuery: what = "has a path, query or fragment; a proxy URL is scheme://[user:password@]host[:port]"
        case .port(let port): what = "has the port '\(port)', not one of 1-65535"
        }
        return "\(origin) '\(shown)' \(what) (use http://, https://, socks5:// or socks5h://HOST:PORT, "
            + "e.g. http://127.0.0.1:3128)"
    }
}

extension String {
    var trimmingASCIISpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
