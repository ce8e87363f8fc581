/// An absolute http(s) URL in trawl's normal form: the key under which a page is stored, so that one
/// document is fetched once however its links spell it.
///
/// Parsing and RFC 3986 §5 resolution are curl's URL API (`curl_url_set`, `curl_url_get`); around it trawl
/// trims whitespace, drops the fragment and normalizes percent-encoding (`PreparedReference`), and
/// lower-cases the host and converts internationalized names to `xn--` form (`HostName`).
///
/// The normal form (RFC 3986 §6.2.2 syntax-based plus §6.2.3 scheme-based normalization):
/// - scheme and host lower case; IDN host in Punycode; IPv4 in dotted decimal (curl rewrites `0x7f.1`);
/// - the default port (80 for http, 443 for https) dropped, any other port kept;
/// - the path never empty (`/`), dot segments removed (§5.2.4);
/// - the fragment dropped;
/// - percent-encoding consistent: upper-case hex, unreserved characters decoded, characters that may not
///   appear in a URI encoded, reserved characters and their escapes left alone (`%2F` is not `/`);
/// - the query kept byte for byte apart from that, parameters not reordered; an empty query (`/x?`) dropped
///   (curl does so, and servers treat `/x?` as `/x`);
/// - userinfo (`user:pass@`) dropped, and `droppedUserinfo` set: a password must never be stored (in jobs,
///   links, exports) nor printed. A link carrying one is crawled without it; a seed carrying one is refused
///   by the enqueuer, which names the problem without echoing the password.
///
/// Normalizing is idempotent: `NormalizedURL(parsing: u.string) == u`. Two values are equal when their
/// `string`s are.
public struct NormalizedURL: Hashable, Sendable, CustomStringConvertible {
    /// The normalized absolute URL, e.g. `http://127.0.0.2:8080/a/b?x=1`.
    public let string: String
    /// `http` or `https`.
    public let scheme: String
    /// The lower-case host; an IPv6 literal keeps its brackets as in URLs: `[::1]`.
    public let hostname: String
    /// The port, nil when it is the scheme's default (80/443) or absent.
    public let port: Int?

    /// `hostname`, plus `:port` when the port is not the default: stored in `jobs.host`, the unit of
    /// per-host limits. libcurl's connection limits count by the same `hostname:port`.
    public var hostKey: String {
        guard let port else { return hostname }
        return "\(hostname):\(port)"
    }

    /// Whether the text parsed held a userinfo (`user:pass@`), which `string` leaves out.
    public let droppedUserinfo: Bool

    public var description: String { string }

    init(string: String, scheme: String, hostname: String, port: Int?, droppedUserinfo: Bool = false) {
        self.string = string
        self.scheme = scheme
        self.hostname = hostname
        self.port = port
        self.droppedUserinfo = droppedUserinfo
    }

    /// Parses an absolute http/https URL given by a user; trims surrounding whitespace.
    ///
    /// `example.com/page` and `localhost:8080/x` are refused as not absolute rather than guessed at:
    /// a seed is data the user controls, and a guessed scheme would be stored as if it had been written.
    public init(parsing text: String) throws(URLInputError) {
        let reference = PreparedReference(text)
        switch reference.scheme {
        case .http, .https:
            break
        case .none:
            throw reference.isBlank ? .empty : .notAbsolute
        case .other(let scheme):
            throw reference.schemeIsHostAndPort ? .notAbsolute : .unsupportedScheme(scheme)
        }
        // Most URLs (every job's, parsed again when it is fetched) are already in normal form.
        if let simple = LinkResolver.simpleAbsolute(reference.cString) {
            self = simple
            return
        }
        guard let handle = CurlURLHandle() else { throw .malformed(reason: CurlURLCode.outOfMemory.reason) }
        let code = handle.setURL(bytes: reference.cString)
        guard code.isOK else { throw code.isMissingHost ? .missingHost : .malformed(reason: code.reason) }
        self = try Self.read(handle).get()
    }

    /// Resolves a link found on the page whose (base) URL is `self` (RFC 3986 §5.2, by `curl_url_set` on a
    /// handle holding the base).
    ///
    /// Returns nil for references that are not http(s) after resolution (`mailto:`, `javascript:`, `tel:`,
    /// `data:`, `ftp:`, `file:` ...) and for unparseable ones: a page's bad link is not an error of the
    /// crawl. Whitespace is trimmed first. An empty or fragment-only reference (`#top`) is the page itself
    /// (RFC 3986 §5.2.2); the caller dedups. For all the links of one page, `LinkResolver` gives the same
    /// results and parses the page's URL only once.
    public func resolving(_ href: String) -> NormalizedURL? {
        let reference = PreparedReference(href)
        switch reference.scheme {
        case .http, .https:
            return Self.resolvingAbsolute(reference)
        case .other:
            return nil
        case .none:
            if reference.isSameDocument { return self }
            guard let handle = CurlURLHandle(), handle.setURL(string).isOK,
                handle.setURL(bytes: reference.cString).isOK
            else { return nil }
            return try? Self.read(handle).get()
        }
    }

    /// An absolute link: the base plays no part (RFC 3986 §5.2.2), so curl need not parse it.
    static func resolvingAbsolute(_ reference: PreparedReference) -> NormalizedURL? {
        guard let handle = CurlURLHandle(), handle.setURL(bytes: reference.cString).isOK else { return nil }
        return try? read(handle).get()
    }

    /// Reads the URL curl holds and finishes normalizing it (`CurlURLOutput`).
    static func read(_ handle: borrowing CurlURLHandle) -> Result<NormalizedURL, URLInputError> {
        switch handle.withURL(CurlURLOutput.normalizedURL) {
        case .success(let result): result
        case .failure(let code): .failure(.malformed(reason: code.reason))
        }
    }

    public static func == (lhs: NormalizedURL, rhs: NormalizedURL) -> Bool {
        lhs.string == rhs.string
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(string)
    }
}
