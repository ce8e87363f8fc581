/// The hosts that are reached directly, not through the proxy (`--no-proxy`, or `no_proxy`): a
/// comma-separated list read as curl 7.88 reads CURLOPT_NOPROXY (lib/noproxy.c), so that a list written
/// for curl means the same to trawl.
///
/// - `*` alone: every host.
/// - A name matches itself and every name below it: `example.org` and `.example.org` both match
///   `example.org` and `www.example.org`, not `badexample.org`. Case does not matter.
/// - An IP address matches itself; an IPv4 or IPv6 range in CIDR form (`10.0.0.0/8`) every address in
///   it. Names are never resolved to compare them with addresses.
/// - A port is not part of the match (`example.org` covers `example.org:8080`).
public struct NoProxyList: Sendable, Equatable, CustomStringConvertible {
    /// The list's entries, trimmed, as written.
    public let entries: [String]

    public init(_ text: String) {
        entries = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }

    public var isEmpty: Bool { entries.isEmpty }

    public var description: String { entries.joined(separator: ",") }

    /// Whether `host` (a URL's host: a name, dotted IPv4, or IPv6 in brackets; no port) bypasses the proxy.
    public func matches(host: String) -> Bool {
        if entries == ["*"] { return true }
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if let address = IPAddressBytes(name) {
            return entries.contains { entry in
                let parts = entry.split(separator: "/", maxSplits: 1)
                guard let network = IPAddressBytes(String(parts[0]).lowercased()),
                      network.bytes.count == address.bytes.count else { return false }
                let bits = parts.count == 2 ? Int(parts[1]) ?? -1 : network.bytes.count * 8
                return bits >= 0 && bits <= network.bytes.count * 8 && address.sharesPrefix(with: network, bits: bits)
            }
        }
        return entries.contains { entry in
            var token = entry.lowercased()
            while token.hasPrefix(".") { token.removeFirst() }
            if token.hasSuffix(".") { token.removeLast() }
            guard !token.isEmpty else { return false }
            return name == token || name.hasSuffix("." + token)
        }
    }
}

/// An IPv4 or IPv6 address as its bytes, for CIDR comparisons.
struct IPAddressBytes {
    let bytes: [UInt8]

    init?(_ text: String) {
        if let bytes = Self.ipv4(text) ?? Self.ipv6(text) { self.bytes = bytes } else { return nil }
    }

    func sharesPrefix(with other: IPAddressBytes, bits: Int) -> Bool {
        for index in 0..<bytes.count {
            let remaining = bits - index * 8
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if bytes[index] & mask != other.bytes[index] & mask { return false }
        }
        return true
    }

    /// Dotted-quad only, as in URLs after normalization.
    private static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else {
                return nil
            }
            bytes.append(value)
        }
        return bytes
    }

    /// RFC 4291 §2.2 text forms, `::` shorthand and a trailing dotted IPv4 included.
    private static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        let halves = splitAtDoubleColons(Array(text))
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    bytes += v4
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
                }
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// `a::b::c` → [a, b, c].
    private static func splitAtDoubleColons(_ characters: [Character]) -> [String] {
        var halves: [String] = [], current = "", index = 0
        while index < characters.count {
            if characters[index] == ":", index + 1 < characters.count, characters[index + 1] == ":" {
                halves.append(current)
                current = ""
                index += 2
            } else {
                current.append(characters[index])
                index += 1
            }
        }
        halves.append(current)
        return halves
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
