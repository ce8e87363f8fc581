/// A byte-order mark at the start of the body, which decides the encoding before any HTTP or `<meta>`
/// charset (WHATWG Encoding Standard §6, "BOM sniff").
///
/// libxml2 cannot be left to do this: given an explicit encoding it ignores the BOM, so a UTF-8 page with a
/// BOM served as `iso-8859-1` would come out as mojibake. The BOM itself is not passed on.
struct ByteOrderMark: Equatable {
    let encoding: TextEncoding
    /// How many bytes the mark takes at the start of the body.
    let length: Int

    init?(prefixOf bytes: UnsafeRawBufferPointer) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            self.init(encoding: .utf8, length: 3)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            self.init(encoding: .utf16BE, length: 2)
        } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            self.init(encoding: .utf16LE, length: 2)
        } else {
            return nil
        }
    }

    private init(encoding: TextEncoding, length: Int) {
        self.encoding = encoding
        self.length = length
    }
}
