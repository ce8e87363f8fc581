/// Byte classes of RFC 3986 §2 and the percent-encoding normalization of §6.2.2.1–§6.2.2.2.
///
/// Normalizing the escapes is what makes two spellings of one URL store as one row: `%7e` and `~`,
/// `%2f` and `%2F`, a raw space and `%20`. It runs on the bytes *before* curl sees them, so that a decoded
/// `%2E%2E` takes part in curl's dot-segment removal (RFC 3986 §5.2.4) as RFC 3986 §6.2.2 orders, and so
/// that curl is only ever given ASCII. Plain functions on bytes: this runs for every link of every page.
enum PercentEncoding {
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

    /// RFC 3986 §2.2 reserved: gen-delims `:/?#[]@` and sub-delims `!$&'()*+,;=`. They are left exactly as
    /// written, and their escapes stay escaped: `%2F` in a path and `/` are different URLs to a server.
    @inline(__always)
    static func isReserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    /// The value of one hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }

    /// Upper-case hexadecimal digit for a value 0...15 (RFC 3986 §6.2.2.1 prefers upper case).
    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "A") &+ (value &- 10)
    }

    /// Appends `bytes` to `output` with consistent percent-encoding:
    /// - `%xx` of an unreserved character is decoded (`%7e` → `~`, `%41` → `A`);
    /// - any other `%xx` is kept, hex digits upper-cased (`%2f` → `%2F`, `%c3%a9` → `%C3%A9`);
    /// - a `%` not followed by two hex digits is itself encoded (`100%` → `100%25`), as browsers do;
    /// - a byte that RFC 3986 allows nowhere in a URI (controls, space, `"<>\^`{|}`, DEL, every byte of a
    ///   non-ASCII UTF-8 sequence) is encoded;
    /// - unreserved and reserved characters are copied as they are.
    ///
    /// Applying it twice gives the same bytes as applying it once, which keeps normalization idempotent.
    static func appendNormalized<Bytes: Collection<UInt8>>(_ bytes: Bytes, to output: inout [UInt8])
    where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            // A run of bytes copied as they are (most of any URL) goes in with one append.
            let runStart = index
            while index < end && isPlain(bytes[index]) { index += 1 }
            if index > runStart { output.append(contentsOf: bytes[runStart..<index]) }
            guard index < end else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                if end - index > 2, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    let decoded = high << 4 | low
                    if isUnreserved(decoded) {
                        output.append(decoded)
                    } else {
                        output.append(UInt8(ascii: "%"))
                        output.append(hexDigit(high))
                        output.append(hexDigit(low))
                    }
                    index += 3
                    continue
                }
                appendEscaped(byte, to: &output)
            } else if isUnreserved(byte) || isReserved(byte) {
                output.append(byte)
            } else {
                appendEscaped(byte, to: &output)
            }
            index += 1
        }
    }

    /// Unreserved or reserved (`isUnreserved || isReserved`), from two 64-bit masks of ASCII.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0xAFFF_FFDA_0000_0000, high: UInt64 = 0x47FF_FFFE_AFFF_FFFF
        return byte < 64 ? (low >> byte) & 1 == 1 : byte < 128 && (high >> (byte - 64)) & 1 == 1
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(hexDigit(byte >> 4))
        output.append(hexDigit(byte & 0x0F))
    }
}
