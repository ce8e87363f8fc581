/// Why a `LoopbackHTTPServer` could not start.
public enum LoopbackServerError: Error, Equatable, CustomStringConvertible {
    /// The address is not a dotted IPv4 address.
    case invalidAddress(String)
    /// The address is valid but outside 127.0.0.0/8: a test server must not be reachable from elsewhere.
    case notLoopback(String)
    /// A socket call failed while setting up the listener (`function` is the C call, e.g. "bind").
    case systemCall(function: String, code: Int32, message: String, address: String, port: UInt16)

    public var description: String {
        switch self {
        case .invalidAddress(let address):
            return "'\(address)' is not an IPv4 address; use a loopback address such as 127.0.0.1"
        case .notLoopback(let address):
            return "'\(address)' is not a loopback address; only 127.0.0.0/8 may be bound (e.g. 127.0.0.2)"
        case .systemCall(let function, let code, let message, let address, let port):
            return "\(function) failed for \(address):\(port): \(message) (errno \(code))"
        }
    }
}
