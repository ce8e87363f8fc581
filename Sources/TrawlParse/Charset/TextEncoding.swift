/// An encoding trawl can turn into UTF-8, after a charset label was resolved by `CharsetLabel`.
enum TextEncoding: Hashable, Sendable {
    /// UTF-8: invalid sequences become U+FFFD (Swift's `String(decoding:as:)`), as the WHATWG decoder does.
    case utf8
    /// windows-1252, decoded by `Windows1252` rather than iconv: it is the web's commonest legacy encoding
    /// (every `iso-8859-1` label means it), and glibc's CP1252 rejects the five bytes the web maps to C1
    /// controls.
    case windows1252
    /// Any other encoding, by a name glibc's `iconv_open` accepts.
    case iconv(String)

    /// The encodings that only a byte-order mark, never a `<meta>`, can select (WHATWG HTML §13.2.3.2:
    /// a UTF-16 label in a `<meta>` means UTF-8, because the meta itself was readable as ASCII).
    var isUTF16: Bool {
        if case .iconv(let name) = self { return name.hasPrefix("UTF-16") }
        return false
    }
}
