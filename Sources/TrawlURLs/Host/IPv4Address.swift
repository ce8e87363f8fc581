/// An IPv4 host as the URL Standard reads it (§3.5 IPv4 parser): one to four dot-separated numbers, each
/// decimal, hexadecimal (`0x7f`) or octal (`017`), the last filling the remaining bytes, so `127.1`,
/// `0x7f.1` and `2130706433` are all `127.0.0.1`; a number out of range is a failure, not another host.
struct IPv4Address {
    let value: UInt32

    /// §3.5 "ends in a number": the last label (a trailing dot aside) is all digits, or a number in
    /// the IPv4 number syntax (`0x`, `0xff`). Such a host is an IPv4 address or nothing.
    static func endsInANumber(_ host: [UInt8]) -> Bool {
        var parts = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true {
            if parts.count == 1 { return false }
            parts.removeLast()
        }
        guard let last = parts.last else { return false }
        if !last.isEmpty, last.allSatisfy(isDigit) { return true }
        return number(last) != nil
    }

    init(parsing host: [UInt8]) throws(URLParseFailure) {
        var parts = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true, parts.count > 1 { parts.removeLast() }
        guard parts.count <= 4 else { throw .invalidHost("an IPv4 address has at most four parts") }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = Self.number(part) else { throw .invalidHost("an IPv4 part is not a number") }
            numbers.append(number)
        }
        let last = numbers.removeLast()
        guard numbers.allSatisfy({ $0 <= 255 }) else { throw .invalidHost("an IPv4 part is above 255") }
        guard last < UInt64(1) << (8 * (4 - numbers.count)) else { throw .invalidHost("an IPv4 address is out of range") }
        var value = last
        for (index, number) in numbers.enumerated() { value += number << (8 * (3 - index)) }
        self.value = UInt32(value)
    }

    /// Dotted decimal (§3.6).
    var serialized: [UInt8] {
        Array([value >> 24, value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF].map(String.init).joined(separator: ".").utf8)
    }

    /// §3.5 "parse an IPv4 number": nil on failure; values beyond 2^32 saturate (they fail the range check).
    private static func number(_ text: ArraySlice<UInt8>) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var digits = text
        var radix: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0"), digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            radix = 8
            digits = digits.dropFirst()
        }
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = PercentEncodeSet.hexValue(byte).map(UInt64.init), digit < radix else { return nil }
            value = min(value * radix + digit, UInt64(1) << 40)
        }
        return value
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
