/// Why a URL given by a user (a seed on the command line or a line of an enqueue file) was refused.
///
/// The cases say what is wrong in terms the user can fix; the CLI adds where (argument, file and line).
/// Links found on pages never produce these errors: `NormalizedURL.resolving(_:)` returns `nil` instead,
/// because a page full of `mailto:` links is normal, not a failure.
public enum URLInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing left after trimming surrounding whitespace.
    case empty
    /// A relative reference such as `example.com/page` or `//example.com/page`: without a scheme there is
    /// nothing to resolve it against.
    case notAbsolute
    /// A scheme other than `http` or `https` (lower-cased), e.g. `ftp`, `mailto`, `file`.
    case unsupportedScheme(String)
    /// An `http(s)` URL without a host, e.g. `http://` or `https://:8080/`.
    case missingHost
    /// The URL parser (the WHATWG URL Standard's) refused it; `reason` names the rule, e.g.
    /// "Port number was not a decimal number between 0 and 65535" or "Bad hostname: forbidden character '<'".
    case malformed(reason: String)
    /// Longer than the maximum URL length (`NormalizedURL.maxLength` unless configured): `length` is the
    /// input's length in bytes (or its normalized form's, when normalizing made it longer).
    case tooLong(length: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty:
            "empty URL"
        case .notAbsolute:
            "not an absolute URL (it needs a scheme: start it with http:// or https://)"
        case .unsupportedScheme(let scheme):
            "unsupported scheme '\(scheme)' (only http and https are crawled)"
        case .missingHost:
            "no host in the URL (expected http://host/...)"
        case .malformed(let reason):
            "malformed URL: \(reason)"
        case .tooLong(let length, let limit):
            "too long: \(length) bytes, more than the maximum URL length of \(limit)"
        }
    }
}
