/// One canonical percent-encoding for robots.txt patterns and URL paths, so that they compare octet by
/// octet (RFC 9309 §2.2.2: "the path MUST be percent-encoded … the same way" before matching).
///
/// Both sides go through the same function, which is what makes `%7E` ≡ `~`, `%2f` ≡ `%2F` and a raw
/// non-ASCII character ≡ its UTF-8 escapes (RFC 3986 §6.2.2.1–§6.2.2.2), while `%2F` stays distinct from
/// `/`: an escaped delimiter is a different resource to the server (RFC 3986 §2.2).
///
/// `*` and `$` are the exception. In a pattern they are operators (RFC 9309 §2.2.3), so a robots.txt that
/// means the literal characters writes `%2A` and `%24`, and the RFC says that escape matches a literal `*`
/// or `$` in the URL. Encoding both characters wherever they are literal makes the two spellings meet.
///
/// This mirrors the escape normalization of `TrawlURLs.PercentEncodeSet` (which paths come from) without
/// depending on it: the robots target stays free of other targets.
enum PercentNormalization {
    /// Whether `canonical(_:)` would change `bytes`. Most normalized paths need no change, and this lets
    /// matching skip an allocation for them.
    static func needsNormalization(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard end - index > 2, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]),
                    !isLowercaseHex(bytes[index + 1]), !isLowercaseHex(bytes[index + 2]),
                    !isUnreserved(high << 4 | low)
                else { return true }
                index += 3
                continue
            }
            if !isLiteral(byte) { return true }
            index += 1
        }
        return false
    }

    /// Appends `bytes` in canonical form:
    /// - `%xx` of an unreserved character is decoded (`%7e` → `~`, `%62` → `b`);
    /// - any other `%xx` is kept with upper-case hex digits (`%2f` → `%2F`);
    /// - a `%` not followed by two hex digits is encoded (`%` → `%25`);
    /// - unreserved characters and the reserved characters other than `*` and `$` are copied;
    /// - every other byte (controls, space, `"<>\^`{|}`, DEL, `*`, `$`, each byte of a non-ASCII UTF-8
    ///   sequence, and invalid UTF-8 bytes alike) becomes `%XX`.
    ///
    /// Idempotent: applying it to its own output changes nothing.
    static func appendCanonical<Bytes: Collection<UInt8>>(_ bytes: Bytes, to output: inout [UInt8])
    where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), end - index > 2,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    output.append(decoded)
                } else {
                    appendEscaped(decoded, to: &output)
                }
                index += 3
                continue
            }
            if isLiteral(byte) {
                output.append(byte)
            } else {
                appendEscaped(byte, to: &output)
            }
            index += 1
        }
    }

    /// `bytes` in canonical form, as a new array.
    static func canonical<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] where Bytes.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        appendCanonical(bytes, to: &output)
        return output
    }

    /// Characters copied as they are: RFC 3986 §2.3 unreserved and §2.2 reserved, minus the two robots.txt
    /// operators `*` and `$` (RFC 9309 §2.2.3). `%` is handled by the callers.
    @inline(__always)
    static func isLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            true
        default:
            isUnreserved(byte)
        }
    }

    /// RFC 3986 §2.3 unreserved: ALPHA DIGIT "-" "." "_" "~". Escapes of these are decoded (§6.2.2.2).
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }

    @inline(__always)
    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")
    }

    /// `%XX` with upper-case hex digits (RFC 3986 §6.2.2.1).
    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(hexDigit(byte >> 4))
        output.append(hexDigit(byte & 0x0F))
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "A") &+ (value &- 10)
    }
}
