/// Turns a body in a known encoding into UTF-8 text for libxml2, never failing on bad bytes.
///
/// Every path yields valid UTF-8, so libxml2 is then run with `HTML_PARSE_IGNORE_ENC` and no encoding of
/// its own: it cannot switch away on a `<meta>` the transcoding already honoured or overrode.
enum Transcoder {
    /// `bytes` as text, or nil when iconv does not know the encoding.
    static func text(from bytes: UnsafeRawBufferPointer, in encoding: TextEncoding) -> String? {
        switch encoding {
        case .utf8:
            String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            Windows1252.decode(bytes)
        case .iconv(let name):
            IconvConverter(from: name)?.convert(bytes)
        }
    }

    /// Whether `text(from:in:)` would succeed, checked before parsing is abandoned for a re-decode.
    static func canDecode(_ encoding: TextEncoding) -> Bool {
        switch encoding {
        case .utf8, .windows1252:
            true
        case .iconv(let name):
            IconvConverter(from: name) != nil
        }
    }
}
