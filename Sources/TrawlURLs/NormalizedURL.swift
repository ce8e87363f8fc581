/// An absolute http(s) URL in trawl's normal form: the key under which a page is stored, so that one
/// document is fetched once however its links spell it.
///
/// Parsing and resolution follow the WHATWG URL Standard's basic URL parser (`URLParser`), as browsers do,
/// so a link leads where it leads in a browser: `\` is a path separator, `http:foo` on an http page is a
/// relative reference, host names go through UTS #46 (`xn--` labels, via libidn2), `0x7f.1` is `127.0.0.1`,
/// IPv6 addresses are compressed, each part is percent-encoded with its own set. On top of the standard's
/// serialization trawl applies only these normalizations:
/// - the fragment is dropped (`#top` is a place in the document, not another document);
/// - percent-encoding is made consistent (RFC 3986 §6.2.2.1–2): an escape of an unreserved character is
///   decoded (`%7e` → `~`, `%41` → `A`), any other escape gets upper-case hex (`%2f` → `%2F`); reserved
///   characters and their escapes stay as they are (`%2F` is not `/`).
///
/// - userinfo (`user:pass@`) dropped, and `droppedUserinfo` set: a password must never be stored (in jobs,
///   links, exports) nor printed. A link carrying one is crawled without it; a seed carrying one is refused
///   by the enqueuer, which names the problem without echoing the password.
///
/// Everything else is the standard's: the default port dropped, the path never empty, dot segments removed
/// (also `%2e`), the query kept byte for byte (an empty query `?` kept, as browsers request it), a lone `%`
/// kept. Normalizing is idempotent: `NormalizedURL(parsing: u.string) == u`. Two values are
/// equal when their `string`s are.
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
        do {
            self = try reference.parse(base: nil).normalizedURL
        } catch {
            switch error {
            case .missingHost: throw .missingHost
            case .noScheme: throw .notAbsolute
            case .otherScheme(let scheme): throw .unsupportedScheme(scheme)
            case .invalidPort, .invalidHost: throw .malformed(reason: error.reason)
            }
        }
    }

    /// Resolves a link found on the page whose (base) URL is `self`, as a browser does (`URLParser`).
    ///
    /// Returns nil for references that are not http(s) after resolution (`mailto:`, `javascript:`, `tel:`,
    /// `data:`, `ftp:`, `file:` ...) and for those the standard fails on: a page's bad link is not an error
    /// of the crawl. Whitespace is trimmed first. An empty or fragment-only reference (`#top`) is the page
    /// itself; the caller dedups. For all the links of one page, `LinkResolver` gives the same results and
    /// parses the page's URL only once.
    public func resolving(_ href: String) -> NormalizedURL? {
        LinkResolver(base: self, usesFastPath: false).resolve(href)
    }

    /// The record of this URL for the parser, as a base for relative references.
    var record: URLRecord? {
        try? PreparedReference(string).parse(base: nil)
    }

    public static func == (lhs: NormalizedURL, rhs: NormalizedURL) -> Bool {
        lhs.string == rhs.string
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(string)
    }
}

extension PreparedReference {
    /// The URL parser on the prepared bytes (without their NUL).
    func parse(base: URLRecord?) throws(URLParseFailure) -> URLRecord {
        try cString.withUnsafeBufferPointer { (bytes) throws(URLParseFailure) -> URLRecord in
            try URLParser.parse(UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - 1)]), base: base)
        }
    }
}
