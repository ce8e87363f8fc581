/// Turns a body in a known encoding into UTF-8 text for libxml2, never failing on bad bytes: each invalid
/// sequence becomes U+FFFD in place (Encoding Standard, "decode" with error mode "replacement").
///
/// Every path yields valid UTF-8, so libxml2 is then run with `HTML_PARSE_IGNORE_ENC` and no encoding of
/// its own: it cannot switch away on a `<meta>` that trawl already honoured or overrode.
enum Transcoder {
    /// `bytes` as text, or nil when iconv does not know the encoding (glibc built without it).
    static func text(from bytes: UnsafeRawBufferPointer, in encoding: TextEncoding) -> String? {
        switch encoding.decoder {
        case .utf8:
            String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            Windows1252.decode(bytes)
        case .xUserDefined:
            String(String.UnicodeScalarView(bytes.map { byte in
                Unicode.Scalar(byte < 0x80 ? UInt32(byte) : 0xF700 + UInt32(byte))!
            }))
        case .replacement:
            bytes.isEmpty ? "" : "\u{FFFD}"
        case .iconv(let name):
            IconvConverter(from: name)?.convert(bytes)
        }
    }

    /// Whether `text(from:in:)` would succeed, checked before parsing is abandoned for a re-decode.
    static func canDecode(_ encoding: TextEncoding) -> Bool {
        if case .iconv(let name) = encoding.decoder { return IconvConverter(from: name) != nil }
        return true
    }
}
