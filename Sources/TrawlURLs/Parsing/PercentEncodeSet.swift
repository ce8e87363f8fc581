/// The WHATWG URL Standard's percent-encode sets (§1.3) and the escape normalization trawl adds to them.
///
/// The parser writes every byte of the username, password, path and query through `append`, so that one
/// pass both encodes what the standard encodes and makes escapes consistent. Escape normalization is
/// trawl's own (RFC 3986 §6.2.2.1–§6.2.2.2) and the only place it departs from a browser's URL: it lets two
/// spellings of one resource (`%7e` and `~`, `%2f` and `%2F`) be stored as one row.
struct PercentEncodeSet {
    /// Bits 0–63 and 64–127 of the ASCII bytes to encode; bytes ≥ 0x80 are always encoded (UTF-8 percent-encode).
    private let low: UInt64
    private let high: UInt64

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    private init(_ base: PercentEncodeSet, adding characters: String) {
        var (low, high) = (base.low, base.high)
        for byte in characters.utf8 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
        self.init(low: low, high: high)
    }

    /// C0 control percent-encode set: C0 controls and everything above U+007E (so DEL too).
    static let c0Control = PercentEncodeSet(low: 0xFFFF_FFFF, high: 1 << 63)
    /// Query percent-encode set: C0 control set, space, `"`, `#`, `<`, `>`.
    static let query = PercentEncodeSet(c0Control, adding: " \"#<>")
    /// Special-query percent-encode set (the query of an http(s) URL): the query set and `'`.
    static let specialQuery = PercentEncodeSet(query, adding: "'")
    /// Path percent-encode set: the query set and `?`, `^`, `` ` ``, `{`, `}`.
    static let path = PercentEncodeSet(query, adding: "?^`{}")
    /// Userinfo percent-encode set: the path set and `/`, `:`, `;`, `=`, `@`, `[`, `\`, `]`, `|`.
    static let userinfo = PercentEncodeSet(path, adding: "/:;=@[\\]|")

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte >= 128 || (high >> UInt64(byte - 64)) & 1 == 1
    }

    /// Appends the byte at `index` of `input` to `output` and returns how many bytes it consumed:
    /// - `%xx` (a valid escape) is normalized: decoded when it is an unreserved character (`%7e` → `~`),
    ///   else kept with upper-case hex digits (`%2f` → `%2F`); 3 bytes;
    /// - a `%` not followed by two hex digits is kept as it is, as the standard does; 1 byte;
    /// - a byte in this set is percent-encoded (`%HH`), any other is copied; 1 byte.
    @inline(__always)
    func append(_ input: UnsafeBufferPointer<UInt8>, at index: Int, to output: inout [UInt8]) -> Int {
        let byte = input[index]
        if byte == UInt8(ascii: "%"), index + 2 < input.count,
            let high = Self.hexValue(input[index + 1]), let low = Self.hexValue(input[index + 2]) {
            let decoded = high << 4 | low
            if Self.isUnreserved(decoded), !Self.wouldFormEscape(decoded, after: output) {
                output.append(decoded)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(Self.hexDigit(high))
                output.append(Self.hexDigit(low))
            }
            return 3
        }
        if contains(byte) {
            output.append(UInt8(ascii: "%"))
            output.append(Self.hexDigit(byte >> 4))
            output.append(Self.hexDigit(byte & 0x0F))
        } else {
            output.append(byte)
        }
        return 1
    }

    /// Whether decoding an escape to `decoded` right after `output` would write a new escape: a lone `%` kept
    /// before it (`%4%43` would become `%4C`, which the next parse reads as `L`). Such an escape is kept, so
    /// that normalizing twice gives what normalizing once did (found by the FuzzURLs target).
    @inline(__always)
    static func wouldFormEscape(_ decoded: UInt8, after output: [UInt8]) -> Bool {
        guard hexValue(decoded) != nil, let last = output.last else { return false }
        if last == UInt8(ascii: "%") { return true }
        return output.count >= 2 && output[output.count - 2] == UInt8(ascii: "%") && hexValue(last) != nil
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

    /// Upper-case hexadecimal digit for 0...15 (the standard's percent-encode and RFC 3986 §6.2.2.1 agree).
    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "A") &+ (value &- 10)
    }
}
