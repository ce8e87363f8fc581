/// The host parser of the WHATWG URL Standard (§3.5), for special URLs: what a browser connects to, and
/// so the host trawl stores (`jobs.host`), keys per-host limits with and checks against private addresses.
///
/// - `[…]`: an IPv6 address (`IPv6Address`), serialized in its canonical compressed form;
/// - otherwise the text is percent-decoded, must be UTF-8, goes through "domain to ASCII" (`DomainToASCII`:
///   UTS #46 mapping and validation, `xn--` labels), must then hold no forbidden domain code point, and
///   when its last label is a number it is an IPv4 address (`IPv4Address`: `0x7f.1` is `127.0.0.1`).
enum HostParser {
    /// The serialized host (§3.6) of the host text `input` (never empty).
    static func parse(_ input: UnsafeBufferPointer<UInt8>) throws(URLParseFailure) -> [UInt8] {
        if input.first == UInt8(ascii: "[") {
            guard input.count >= 2, input.last == UInt8(ascii: "]") else { throw .invalidHost("unclosed IPv6 address") }
            let address = try IPv6Address(parsing: UnsafeBufferPointer(rebasing: input[1..<(input.count - 1)]))
            return [UInt8(ascii: "[")] + address.serialized + [UInt8(ascii: "]")]
        }
        let domain = percentDecoded(input)
        let ascii = try DomainToASCII.convert(domain)
        if let forbidden = ascii.first(where: isForbiddenDomainCodePoint) {
            throw .invalidHost("forbidden character \(describe(forbidden)) in the host")
        }
        if IPv4Address.endsInANumber(ascii) {
            return try IPv4Address(parsing: ascii).serialized
        }
        return ascii
    }

    /// Percent-decode (§1.3): `%xx` becomes its byte, any other `%` stays.
    private static func percentDecoded(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard input.contains(UInt8(ascii: "%")) else { return Array(input) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = PercentEncodeSet.hexValue(input[index + 1]),
                let low = PercentEncodeSet.hexValue(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }

    /// Forbidden domain code points (§3.2): the forbidden host code points (NUL, tab, LF, CR, space,
    /// `#/:<>?@[\]^|`), C0 controls, `%` and DEL. Non-ASCII cannot occur: the name is ASCII by now.
    @inline(__always)
    static func isForbiddenDomainCodePoint(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x7F, UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "/"), UInt8(ascii: ":"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "["),
            UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "|"):
            true
        default:
            false
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        byte > 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}
