/// HTML §13.2.3.1, "determining the character encoding" of a response body, before parsing: a byte-order
/// mark, else the HTTP `charset`, else the `<meta>` prescan of the first 1024 bytes, else the default.
struct EncodingDecision: Equatable {
    let encoding: TextEncoding
    /// HTML's "confidence": `certain` for a BOM or the HTTP charset, `tentative` otherwise. While it is
    /// tentative a `<meta>` the parser meets later may still change the encoding (§13.2.3.4).
    let isTentative: Bool
    /// Bytes of a byte-order mark to skip.
    let skip: Int

    /// - Parameter httpCharset: the `charset` parameter of the Content-Type header, as written; a label
    ///   that is not one of the Encoding Standard's is ignored, as browsers do.
    init(for body: UnsafeRawBufferPointer, httpCharset: String?) {
        if let mark = ByteOrderMark(prefixOf: body) {
            self.init(mark.encoding, tentative: false, skip: mark.length)
        } else if let httpCharset, let encoding = CharsetLabel.encoding(for: httpCharset) {
            self.init(encoding, tentative: false, skip: 0)
        } else if let encoding = MetaPrescan.encoding(in: body) {
            self.init(encoding, tentative: true, skip: 0)
        } else {
            self.init(Self.undeclared(body), tentative: true, skip: 0)
        }
    }

    private init(_ encoding: TextEncoding, tentative: Bool, skip: Int) {
        self.encoding = encoding
        self.isTentative = tentative
        self.skip = skip
    }

    /// The encoding of a page that declares none. Step 7 of §13.2.3.1 lets a user agent detect it from the
    /// bytes, as Chrome does: a body that is valid UTF-8 and not all ASCII is UTF-8 (legacy single-byte text
    /// is almost never valid UTF-8 by chance). Otherwise the standard's default for the web, windows-1252
    /// (step 8; the html5lib cases expect it), so that 0x80 and 0x93 are € and “, not C1 controls.
    private static func undeclared(_ body: UnsafeRawBufferPointer) -> TextEncoding {
        !UTF8Validation.isASCII(body) && UTF8Validation.isValid(body) ? .utf8 : .windows1252
    }
}
