/// Why the basic URL parser (`URLParser`) gave no URL: the standard's "return failure", with which rule.
enum URLParseFailure: Error, Equatable {
    /// A relative reference with no base to resolve it against (§4.4 "no scheme state").
    case noScheme
    /// A scheme other than http or https (lower-cased): a URL, but not one trawl fetches.
    case otherScheme(String)
    /// `http://`, `http://user@/`, `https://:80/` (§4.4 authority and host states: host-missing).
    case missingHost
    /// A port with a non-digit or above 65535 (§4.4 port state: port-invalid, port-out-of-range).
    case invalidPort
    /// The host parser (§3.5) failed; `reason` names the rule.
    case invalidHost(String)

    /// The text trawl shows for a refused seed (`URLInputError.malformed`).
    var reason: String {
        switch self {
        case .noScheme: "no scheme"
        case .otherScheme(let scheme): "scheme '\(scheme)' is not http or https"
        case .missingHost: "no host"
        case .invalidPort: "Port number was not a decimal number between 0 and 65535"
        case .invalidHost(let reason): "Bad hostname: \(reason)"
        }
    }
}
