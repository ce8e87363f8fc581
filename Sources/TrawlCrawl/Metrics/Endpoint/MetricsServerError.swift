import Glibc

/// Why the metrics endpoint could not start; the message says what to change.
public enum MetricsServerError: Error, Equatable, CustomStringConvertible {
    /// `--metrics` was given something that is not an address (a usage error).
    case malformedAddress(String)
    /// The address is fine but cannot be listened on: `bind(2)` or `listen(2)` failed with `errno`.
    case cannotListen(MetricsAddress, errno: Int32)
    /// No thread for the server (`pthread_create` failed).
    case cannotStart(errno: Int32)

    public var description: String {
        switch self {
        case .malformedAddress(let text):
            return """
                --metrics '\(text)' is not an address to listen on: give an IPv4 address or a bracketed IPv6 \
                address, with an optional port (default \(MetricsAddress.defaultPort)), e.g. 127.0.0.1:9464, \
                [::1]:9464 or localhost:9465
                """
        case .cannotListen(let address, let code):
            let why: String
            switch code {
            case EADDRINUSE:
                why = "the port is in use (another program, or another trawl crawl: give each its own port)"
            case EADDRNOTAVAIL: why = "the address is not one of this machine's"
            case EACCES: why = "permission denied (ports below 1024 need privileges)"
            case EAFNOSUPPORT: why = "this machine has no IPv6"
            default: why = String(cString: strerror(code))
            }
            return "--metrics: cannot listen on \(address): \(why)"
        case .cannotStart(let code):
            return "--metrics: cannot start the metrics server thread: \(String(cString: strerror(code)))"
        }
    }
}
