/// A URL or href after the steps trawl does before the URL parser (`URLParser`), in one pass over the bytes:
/// 1. leading and trailing C0 controls and spaces are trimmed (WHATWG URL basic URL parser, step 1);
/// 2. tabs, CR and LF inside are removed, as browsers do for an `href` wrapped over lines (same, step 3);
/// 3. the fragment is cut off: trawl fetches documents, and `#top` names a place inside one;
/// 4. the scheme, if any (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`, the standard's scheme state),
///    is classified, so `mailto:` or `ftp:` links are dropped without parsing further.
struct PreparedReference {
    enum Scheme: Equatable {
        /// A relative reference (RFC 3986 §4.2), including network-path references `//host/x`.
        case none
        case http
        case https
        /// Any other scheme, lower-cased.
        case other(String)
    }

    /// The prepared reference, NUL-terminated (the fast paths read one byte ahead without a bounds check).
    let cString: [UInt8]
    let scheme: Scheme
    /// The text was empty or only whitespace.
    let isBlank: Bool
    /// What the scheme grammar calls a scheme is a host followed by a port (`localhost:8080/x`,
    /// `example.com:8080`): the user forgot `http://`, so "not absolute" is the error that helps.
    let schemeIsHostAndPort: Bool

    /// Nothing precedes the fragment: `""`, `"#top"`. Such a reference is the base document itself
    /// (RFC 3986 §5.2.2 keeps the base's path and query when the reference's are empty).
    var isSameDocument: Bool { cString.count == 1 }

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { Self(utf8: $0) }
    }

    /// The same, from UTF-8 bytes (an href as the parser found it), valid during the call only.
    init(utf8: UnsafeBufferPointer<UInt8>) {
        (cString, isBlank) = Self.prepare(utf8)
        (scheme, schemeIsHostAndPort) = Self.classifyScheme(cString)
    }

    private static func prepare(_ utf8: UnsafeBufferPointer<UInt8>) -> (cString: [UInt8], isBlank: Bool) {
        var start = 0
        var end = utf8.count
        while start < end, utf8[start] <= 0x20 { start += 1 }
        while end > start, utf8[end - 1] <= 0x20 { end -= 1 }
        let isBlank = start == end
        if let hash = utf8[start..<end].firstIndex(of: UInt8(ascii: "#")) { end = hash }
        var output: [UInt8] = []
        output.reserveCapacity(end - start + 1)
        let trimmed = utf8[start..<end]
        if trimmed.contains(where: Self.isTabOrNewline) {
            output += trimmed.lazy.filter { !Self.isTabOrNewline($0) }
        } else {
            output += trimmed
        }
        output.append(0)
        return (output, isBlank)
    }

    @inline(__always)
    private static func isTabOrNewline(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Reads RFC 3986 §3.1's scheme from the front of `bytes` (NUL-terminated, so `bytes[i + 1]` after
    /// the colon is always readable).
    private static func classifyScheme(_ bytes: [UInt8]) -> (Scheme, hostAndPort: Bool) {
        guard let first = bytes.first, isAlpha(first) else { return (.none, false) }
        var colon = 1
        while isSchemeCharacter(bytes[colon]) { colon += 1 }
        guard bytes[colon] == UInt8(ascii: ":") else { return (.none, false) }
        let name = bytes[0..<colon]
        if equalsIgnoringCase(name, "http") { return (.http, false) }
        if equalsIgnoringCase(name, "https") { return (.https, false) }
        let lowered = String(decoding: name.map { isAlpha($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        let followedByPort = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[colon + 1])
        let looksLikeHost = lowered.utf8.contains(UInt8(ascii: ".")) || lowered == "localhost"
        return (.other(lowered), followedByPort && looksLikeHost)
    }

    @inline(__always)
    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isSchemeCharacter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// ASCII case-insensitive comparison with a lower-case literal.
    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { literal in
            zip(bytes, literal).allSatisfy { $0 | 0x20 == $1 }
        }
    }
}
