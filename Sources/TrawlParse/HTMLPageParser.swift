/// Extracts a page's title, `<base href>` and links with libxml2's HTML parser (SAX mode, no tree).
///
/// The encoding is decided as browsers do (WHATWG HTML §13.2.3): a byte-order mark, else the HTTP charset,
/// else the first `<meta>` charset, else libxml2's default (UTF-8, falling back to Latin-1 at the first
/// invalid sequence). Labels mean what they mean on the web (`CharsetLabel`: `iso-8859-1` is
/// windows-1252). Declared encodings are decoded by trawl (`Transcoder`), not libxml2, because libxml2
/// 2.9.14 drops the rest of a page at the first byte its iconv handler rejects.
///
/// A value type with no shared state: each call creates and frees its own libxml2 context, so one parser
/// may be used from many threads at once.
public struct HTMLPageParser: Sendable {
    /// The most links kept per page; more set `ParsedPage.linksTruncated`.
    public let maxLinks: Int

    public init(maxLinks: Int = 10_000) {
        self.maxLinks = max(0, maxLinks)
    }

    /// Parses one response body.
    ///
    /// - Parameter declaredCharset: the charset from the HTTP Content-Type header
    ///   (`ContentType.charset(of:)`), or nil. An unknown label is ignored, as if absent.
    /// - Returns: the page; an empty or unparseable body gives a page with no title and no links. Never
    ///   fails: libxml2 recovers from any malformed markup.
    public func parse(_ body: UnsafeRawBufferPointer, declaredCharset: String?) -> ParsedPage {
        guard !body.isEmpty else { return ParsedPage() }
        if let mark = ByteOrderMark(prefixOf: body),
            let page = parse(UnsafeRawBufferPointer(rebasing: body[mark.length...]), decodingFrom: mark.encoding)
        {
            return page
        }
        if let declaredCharset, let encoding = CharsetLabel.encoding(for: declaredCharset),
            let page = parse(body, decodingFrom: encoding)
        {
            return page
        }
        let session = SAXSession(maxLinks: maxLinks, sniffsMetaCharset: true)
        HTMLSAXParser.parse(body, into: session)
        if let encoding = session.reencoding, let page = parse(body, decodingFrom: encoding) {
            return page
        }
        return session.collector.page
    }

    /// Parses one response body.
    public func parse(_ body: [UInt8], declaredCharset: String?) -> ParsedPage {
        body.withUnsafeBytes { parse($0, declaredCharset: declaredCharset) }
    }

    /// Decodes `body` from a known encoding, then parses the UTF-8 with every `<meta>` charset ignored.
    /// Nil when iconv does not know the encoding, so the caller falls back to sniffing.
    private func parse(_ body: UnsafeRawBufferPointer, decodingFrom encoding: TextEncoding) -> ParsedPage? {
        let session = SAXSession(maxLinks: maxLinks, sniffsMetaCharset: false)
        // A body that already is what decoding would give — valid UTF-8 declared as UTF-8, or ASCII declared
        // as windows-1252 — is handed to libxml2 as it is, without a decoded copy (validated in place).
        if (encoding == .utf8 && UTF8Validation.isValid(body)) || (encoding == .windows1252 && UTF8Validation.isASCII(body)) {
            HTMLSAXParser.parse(body, into: session)
            return session.collector.page
        }
        guard var text = Transcoder.text(from: body, in: encoding) else { return nil }
        text.withUTF8 { HTMLSAXParser.parse(UnsafeRawBufferPointer($0), into: session) }
        return session.collector.page
    }
}
