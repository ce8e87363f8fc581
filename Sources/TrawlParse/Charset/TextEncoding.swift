/// An encoding of the WHATWG Encoding Standard, named as the standard names it (`document.characterSet`:
/// "UTF-8", "windows-1252", "Shift_JIS", …), with the decoder trawl uses to turn it into UTF-8.
///
/// `CharsetLabel` makes these from labels, so every value is an encoding the standard defines.
struct TextEncoding: Hashable, Sendable {
    /// The standard's name for the encoding.
    let name: String
    let decoder: Decoder

    /// How the bytes become UTF-8.
    enum Decoder: Hashable, Sendable {
        /// Swift's `String(decoding:as:)`: invalid sequences become U+FFFD, as the WHATWG UTF-8 decoder does.
        case utf8
        /// `Windows1252`, the standard's index: every byte is a character (glibc's CP1252 rejects five).
        case windows1252
        /// The standard's x-user-defined: bytes 0x80–0xFF are U+F780–U+F7FF.
        case xUserDefined
        /// The standard's replacement encoding (ISO-2022-KR, HZ, …: labels that let an attacker hide
        /// markup): a non-empty body is one U+FFFD.
        case replacement
        /// glibc's `iconv_open` under this name; bytes it rejects become U+FFFD (`IconvConverter`).
        case iconv(String)
    }

    static let utf8 = TextEncoding(name: "UTF-8", decoder: .utf8)
    static let windows1252 = TextEncoding(name: "windows-1252", decoder: .windows1252)
    static let utf16LE = TextEncoding(name: "UTF-16LE", decoder: .iconv("UTF-16LE"))
    static let utf16BE = TextEncoding(name: "UTF-16BE", decoder: .iconv("UTF-16BE"))
    static let xUserDefined = TextEncoding(name: "x-user-defined", decoder: .xUserDefined)

    var isUTF16: Bool { self == .utf16LE || self == .utf16BE }

    /// What a `<meta>` declaring this encoding means (HTML §13.2.3.2 prescan, §13.2.3.4 "change the
    /// encoding"): a UTF-16 label means UTF-8, since the meta itself was readable as ASCII, and
    /// x-user-defined means windows-1252.
    var asDeclaredInMeta: TextEncoding {
        if isUTF16 { return .utf8 }
        if self == .xUserDefined { return .windows1252 }
        return self
    }
}
