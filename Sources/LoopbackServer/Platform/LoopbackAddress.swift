internal import Glibc

/// A validated IPv4 address inside 127.0.0.0/8.
///
/// Linux routes the whole 127/8 block to `lo` (RFC 1122 §3.2.1.3 reserves it for loopback), so
/// 127.0.0.2, 127.0.0.3 … act as distinct hosts for crawl tests without any network setup. Anything
/// outside that block is refused: a test server must never be reachable from another machine.
struct LoopbackAddress: Sendable {
    let text: String
    /// The address in network byte order, as `sockaddr_in.sin_addr.s_addr` wants it.
    let networkOrder: UInt32

    init(_ text: String) throws(LoopbackServerError) {
        var parsed = in_addr()
        guard inet_pton(AF_INET, text, &parsed) == 1 else {
            throw .invalidAddress(text)
        }
        // The first octet is the first byte in memory, whatever the host's endianness.
        let firstOctet = withUnsafeBytes(of: parsed.s_addr) { $0[0] }
        guard firstOctet == 127 else {
            throw .notLoopback(text)
        }
        self.text = text
        self.networkOrder = parsed.s_addr
    }

    /// A `sockaddr_in` for `bind(2)`; `port` is in host order.
    func socketAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: networkOrder)
        return address
    }
}
