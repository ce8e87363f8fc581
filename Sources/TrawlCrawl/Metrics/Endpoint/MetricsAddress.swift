import Glibc

/// Where `trawl crawl --metrics` listens: an IPv4 address or a bracketed IPv6 address, with an optional port
/// (9464, the port registered for Prometheus exporters of this kind, when none is given); `localhost` means
/// 127.0.0.1. Host names other than `localhost` are refused: the server binds exactly where the user says,
/// never to an address a resolver picked. `0.0.0.0` or `[::]` listens on every interface (and so exposes
/// the metrics to the network: the README warns). Port 0 asks the kernel for a free port.
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    public static let defaultPort: UInt16 = 9464

    /// The address literal, without brackets.
    public let host: String
    public let isIPv6: Bool
    public let port: UInt16

    public init(host: String, isIPv6: Bool, port: UInt16) {
        self.host = host
        self.isIPv6 = isIPv6
        self.port = port
    }

    /// `127.0.0.1:9464`, `[::1]:9464`, `127.0.0.1`, `localhost:9100`, `[::]`.
    public init(parsing text: String) throws(MetricsServerError) {
        let invalid = MetricsServerError.malformedAddress(text)
        var hostPart: Substring
        var portPart: Substring?
        var isIPv6 = false
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw invalid }
                portPart = rest.dropFirst()
            }
            isIPv6 = true
        } else {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = parts[0]
            portPart = parts.count > 1 ? parts[1] : nil
        }
        if !isIPv6 && hostPart == "localhost" { hostPart = "127.0.0.1" }
        var port = Self.defaultPort
        if let portPart {
            guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
                  let number = UInt16(portPart) else { throw invalid }
            port = number
        }
        let host = String(hostPart)
        guard Self.isLiteral(host, ipv6: isIPv6) else { throw invalid }
        self.init(host: host, isIPv6: isIPv6, port: port)
    }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The same address on another port (the one the kernel chose for port 0).
    func with(port: UInt16) -> MetricsAddress { MetricsAddress(host: host, isIPv6: isIPv6, port: port) }

    /// Whether `host` is an address literal of its family, as `inet_pton(3)` reads it (dotted-quad IPv4 only).
    private static func isLiteral(_ host: String, ipv6: Bool) -> Bool {
        guard !host.isEmpty else { return false }
        var buffer = in6_addr()
        return inet_pton(ipv6 ? AF_INET6 : AF_INET, host, &buffer) == 1
    }
}
