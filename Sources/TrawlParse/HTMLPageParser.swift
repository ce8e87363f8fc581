/// Extracts a page's title, `<base href>`, links and what it says about itself with libxml2's HTML parser
/// (SAX mode, no tree).
///
/// The encoding is decided as browsers do (WHATWG HTML §13.2.3, `EncodingDecision`): a byte-order mark, else
/// the HTTP charset, else the `<meta>` prescan of the first 1024 bytes, else UTF-8 when the body is valid
/// UTF-8 and windows-1252 when not. Labels mean what the Encoding Standard says (`CharsetLabel`). While
/// the encoding is tentative, a `<meta>` charset the parser meets later (past the prescan's 1024 bytes)
/// changes it and the body is decoded again (§13.2.3.4). trawl decodes the bytes itself (`Transcoder`),
/// invalid ones to U+FFFD in place, and hands libxml2 UTF-8: libxml2 2.9.14 would drop the rest of a page at
/// the first byte its iconv handler rejects, or re-read it as Latin-1 from the first invalid UTF-8 byte.
///
/// A value type with no shared state: each call creates and frees its own libxml2 context, so one parser
/// may be used from many threads at once.
public struct HTMLPageParser: Sendable {
    /// The most distinct links kept per page; more set `ParsedPage.linksTruncated`.
    public let maxLinks: Int
    /// The crawl's robots.txt product token ("trawl"): `<meta name="trawl">` addresses it like
    /// `<meta name="robots">`.
    public let robotsToken: String

    /// Distinct links kept per page by default: enough for real index pages (a javadoc `class-use` page
    /// links 2,851 targets, a Sphinx `genindex` tens of thousands of anchors to a few thousand pages).
    public static let defaultMaxLinks = 50_000

    public init(maxLinks: Int = HTMLPageParser.defaultMaxLinks, robotsToken: String = "trawl") {
        self.maxLinks = max(0, maxLinks)
        self.robotsToken = robotsToken
    }

    /// Parses one response body.
    ///
    /// - Parameter declaredCharset: the charset from the HTTP Content-Type header
    ///   (`ContentType.charset(of:)`), or nil. A label the Encoding Standard does not define is ignored.
    /// - Returns: the page; an empty or unparseable body gives a page with no title and no links. Never
    ///   fails: libxml2 recovers from any malformed markup.
    public func parse(_ body: UnsafeRawBufferPointer, declaredCharset: String?) -> ParsedPage {
        guard !body.isEmpty else { return ParsedPage() }
        let decision = EncodingDecision(for: body, httpCharset: declaredCharset)
        let content = UnsafeRawBufferPointer(rebasing: body[decision.skip...])
        let first = parse(content, in: decision.encoding, tentative: decision.isTentative)
        if let encoding = first.reencoding {
            return parse(content, in: encoding, tentative: false).page
        }
        return first.page
    }

    /// Parses one response body.
    public func parse(_ body: [UInt8], declaredCharset: String?) -> ParsedPage {
        body.withUnsafeBytes { parse($0, declaredCharset: declaredCharset) }
    }

    /// Decodes `body` from `encoding`, then parses the UTF-8. When `tentative`, a `<meta>` declaring another
    /// encoding stops the pass and is returned as `reencoding`.
    private func parse(_ body: UnsafeRawBufferPointer, in encoding: TextEncoding, tentative: Bool)
        -> (page: ParsedPage, reencoding: TextEncoding?)
    {
        let session = SAXSession(maxLinks: maxLinks, tentativeEncoding: tentative ? encoding : nil,
                                 robotsToken: robotsToken)
        // A body that already is what decoding would give — valid UTF-8 read as UTF-8, or ASCII read as
        // windows-1252 — is handed to libxml2 as it is, without a decoded copy (validated in place).
        let asIs = (encoding == .utf8 && UTF8Validation.isValid(body))
            || (encoding == .windows1252 && UTF8Validation.isASCII(body))
        if asIs {
            HTMLSAXParser.parse(body, into: session)
        } else {
            // An encoding glibc lacks: the bytes as windows-1252, which never fails.
            var text = Transcoder.text(from: body, in: encoding) ?? Windows1252.decode(body)
            text.withUTF8 { HTMLSAXParser.parse(UnsafeRawBufferPointer($0), into: session) }
        }
        var page = session.collector.page
        page.encoding = encoding.name
        return (page, session.reencoding)
    }
}
