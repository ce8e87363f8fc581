import Testing
@testable import TrawlParse

/// Encodings through real libxml2, with non-UTF-8 bodies written as explicit bytes.
@Suite struct ParseCharsetTests {
    private let parser = HTMLPageParser()

    /// `prefix` + `encoded` + `suffix`, with the ASCII parts spelled as strings.
    private func body(_ prefix: String, _ encoded: [UInt8], _ suffix: String = "</title>") -> [UInt8] {
        Array(prefix.utf8) + encoded + Array(suffix.utf8)
    }

    /// "café" in Latin-1 / windows-1252.
    private static let cafeLatin1: [UInt8] = [0x63, 0x61, 0x66, 0xE9]
    /// "日本語" in Shift_JIS.
    private static let nihongoShiftJIS: [UInt8] = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA]
    /// "Привет" in windows-1251.
    private static let privetWindows1251: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]

    @Test(arguments: ["iso-8859-1", "ISO-8859-1", "latin1", "Latin-1", " iso8859-1 ", "l1"])
    func latin1ViaHeader(label: String) {
        let page = parser.parse(body("<title>", Self.cafeLatin1), declaredCharset: label)
        #expect(page.title == "café")
    }

    @Test(arguments: [
        "<meta charset=iso-8859-1><title>",
        "<meta charset=\"latin1\"><title>",
        "<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\"><title>",
    ])
    func latin1ViaMeta(prefix: String) {
        let page = parser.parse(body(prefix, Self.cafeLatin1), declaredCharset: nil)
        #expect(page.title == "café")
    }

    @Test(arguments: ["iso-8859-1", "us-ascii", "ascii", "latin1", "windows-1252"])
    func latinLabelsMeanWindows1252(label: String) {
        let bytes: [UInt8] = [0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0x81]  // € “q” and an undefined byte
        #expect(parser.parse(body("<title>", bytes), declaredCharset: label).title == "€ “q” \u{81}")
        let viaMeta = parser.parse(body("<meta charset=\(label)><title>", bytes), declaredCharset: nil)
        #expect(viaMeta.title == "€ “q” \u{81}")
    }

    @Test func windows1251ViaHttpEquivMeta() {
        let html = body(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><title>",
            Self.privetWindows1251)
        #expect(parser.parse(html, declaredCharset: nil).title == "Привет")
    }

    @Test func windows1251ViaHeader() {
        #expect(parser.parse(body("<title>", Self.privetWindows1251), declaredCharset: "windows-1251").title == "Привет")
    }

    @Test(arguments: ["Shift_JIS", "shift_jis", "SJIS", "x-sjis", "windows-31j"])
    func shiftJISViaHeader(label: String) {
        #expect(parser.parse(body("<title>", Self.nihongoShiftJIS), declaredCharset: label).title == "日本語")
    }

    @Test func shiftJISViaMeta() {
        let html = body("<head><meta charset=\"Shift_JIS\"><title>", Self.nihongoShiftJIS)
        #expect(parser.parse(html, declaredCharset: nil).title == "日本語")
    }

    /// glibc's SHIFT_JIS would give ¥ and ‾ for these bytes, breaking URLs; the web means CP932.
    @Test func shiftJISKeepsBackslashAndTilde() {
        let html = body("<title>", Self.nihongoShiftJIS, "</title><a href=\"/~user/a\\b\">x</a>")
        let page = parser.parse(html, declaredCharset: "Shift_JIS")
        #expect(page.hrefs == ["/~user/a\\b"])
    }

    @Test func utf8BOMBeatsHeader() {
        let html: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<title>café ☺</title>".utf8)
        #expect(parser.parse(html, declaredCharset: "iso-8859-1").title == "café ☺")
    }

    @Test func utf8BOMBeatsMeta() {
        let html: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<meta charset=iso-8859-1><title>café</title>".utf8)
        #expect(parser.parse(html, declaredCharset: nil).title == "café")
    }

    @Test(arguments: [true, false])
    func utf16BOM(bigEndian: Bool) {
        let units = Array("<title>日本語 café</title><a href=/x>x</a>".utf16)
        let bytes = units.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let html = (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + bytes
        let page = parser.parse(html, declaredCharset: "iso-8859-1")
        #expect(page.title == "日本語 café")
        #expect(page.hrefs == ["/x"])
    }

    @Test func headerBeatsMeta() {
        let html = body("<meta charset=\"windows-1251\"><title>", Self.cafeLatin1)
        #expect(parser.parse(html, declaredCharset: "iso-8859-1").title == "café")
    }

    @Test func utf8MetaIsHonouredWithoutReparse() {
        let html = Array("<meta charset=utf-8><title>日本語</title><a href=/x>x</a>".utf8)
        let page = parser.parse(html, declaredCharset: nil)
        #expect(page.title == "日本語")
        #expect(page.hrefs == ["/x"])
    }

    @Test func utf16MetaMeansUTF8() {
        let html = Array("<meta charset=utf-16><title>日本語</title>".utf8)
        #expect(parser.parse(html, declaredCharset: nil).title == "日本語")
    }

    @Test(arguments: ["x-no-such-charset", "utf-8//TRANSLIT", "", "   ", "../../etc/passwd"])
    func unknownHeaderLabelFallsBackToDetection(label: String) {
        let html = body("<meta charset=windows-1251><title>", Self.privetWindows1251, "</title><a href=/x>x</a>")
        let page = parser.parse(html, declaredCharset: label)
        #expect(page.title == "Привет")
        #expect(page.hrefs == ["/x"])
    }

    @Test func unknownMetaLabelIsPassedOver() {
        let html = body("<meta charset=bogus><meta charset=windows-1251><title>", Self.privetWindows1251)
        #expect(parser.parse(html, declaredCharset: nil).title == "Привет")
    }

    @Test func unknownLabelsEverywhereStillGiveThePage() {
        let html = Array("<meta charset=bogus><title>plain</title><a href=/x>x</a>".utf8)
        let page = parser.parse(html, declaredCharset: "also-bogus")
        #expect(page == ParsedPage(title: "plain", hrefs: ["/x"]))
    }

    @Test func undeclaredUTF8IsTheDefault() {
        #expect(parser.parse(Array("<title>日本語 ☺</title>".utf8), declaredCharset: nil).title == "日本語 ☺")
    }

    /// An undeclared body that is not UTF-8 is windows-1252 throughout.
    @Test func undeclaredInvalidUTF8IsWindows1252() {
        let page = parser.parse(body("<title>", Self.cafeLatin1, "</title><a href=/x>x</a>"), declaredCharset: nil)
        #expect(page.title == "café")
        #expect(page.hrefs == ["/x"])
    }

    /// Undeclared bytes that are not UTF-8 put libxml2 into Latin-1 (`htmlCurrentChar`); a `<meta>` seen
    /// later still decides the encoding, and windows-1252's 0x81 does not stop the page.
    @Test func invalidUTF8BeforeALateMetaKeepsTheRest() {
        let html = body(
            "<title>", Self.cafeLatin1 + Array("</title><p>".utf8) + [0xE9, 0x81, 0x80],
            "<meta http-equiv=Content-Type content='text/html; charset=windows-1252'><a href=/x>x</a>")
        let page = parser.parse(html, declaredCharset: nil)
        #expect(page.title == "café")
        #expect(page.hrefs == ["/x"])
    }

    /// Text that merely looks like a pragma (libxml2's `htmlFindEncoding` searches raw text) decides
    /// nothing and cuts nothing short.
    @Test func invalidUTF8BeforePragmaLikeTextKeepsTheRest() {
        let html = body(
            "<title>", Self.cafeLatin1 + Array("</title><p>".utf8) + [0xE9, 0x81, 0x80],
            "<!-- http-equiv content charset=windows-1252 --><a href=/x>x</a>")
        let page = parser.parse(html, declaredCharset: nil)
        #expect(page.title == "café")
        #expect(page.hrefs == ["/x"])
    }

    /// A page declared UTF-8 that is not keeps every link; bad bytes become U+FFFD.
    @Test func declaredUTF8WithInvalidBytesKeepsTheRest() {
        let page = parser.parse(body("<title>", Self.cafeLatin1, "</title><a href=/x>x</a>"), declaredCharset: "utf-8")
        #expect(page.title == "caf\u{FFFD}")
        #expect(page.hrefs == ["/x"])
    }

    /// libxml2 2.9.14 would stop at the first byte its iconv handler rejects; trawl's decoding goes on.
    @Test func invalidShiftJISBytesKeepTheRest() {
        let html = body("<title>", Self.nihongoShiftJIS + [0xFF, 0xFF], "</title><a href=/after>x</a>")
        let page = parser.parse(html, declaredCharset: "Shift_JIS")
        #expect(page.title == "日本語\u{FFFD}\u{FFFD}")
        #expect(page.hrefs == ["/after"])
    }

    @Test func linksBeforeAndAfterAMetaSurviveTheReparse() {
        let html = body(
            "<a href=/before>b</a><meta charset=windows-1251><title>", Self.privetWindows1251,
            "</title><a href=/after>a</a>")
        let page = parser.parse(html, declaredCharset: nil)
        #expect(page.title == "Привет")
        #expect(page.hrefs == ["/before", "/after"])
    }
}

/// The sniffing algorithm's own cases (WHATWG HTML §13.2.3), written from the standard, through real libxml2.
@Suite struct ParseEncodingSniffingTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let body: [UInt8]
        let http: String?
        let encoding: String
        let title: String?
        var description: String { name }
    }

    /// 1,100 bytes of markup, so that what follows is past the prescan's 1024.
    static let padding = "<p>" + String(repeating: "padding ", count: 137) + "</p>"
    static let privet: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]  // Привет in windows-1251

    /// Strings as UTF-8, byte arrays as they are.
    static func bytes(_ parts: Any...) -> [UInt8] {
        parts.flatMap { part -> [UInt8] in
            if let bytes = part as? [UInt8] { return bytes }
            if let numbers = part as? [Int] { return numbers.map { UInt8($0) } }
            return Array(String(describing: part).utf8)
        }
    }

    static let cases: [Case] = [
        Case(name: "no declaration and not UTF-8: windows-1252, not ISO-8859-1",
             body: bytes("<title>Caf", [0xE9], " ", [0x93], "quoted", [0x94], " ", [0x80], "</title>"),
             http: nil, encoding: "windows-1252", title: "Café “quoted” €"),
        Case(name: "a bad byte in declared UTF-8 is U+FFFD in place",
             body: bytes("<meta charset=\"utf-8\"><title>", [0xFF], " na", [0xC3, 0xAF], "ve</title>"),
             http: nil, encoding: "UTF-8", title: "\u{FFFD} naïve"),
        Case(name: "label with whitespace and case",
             body: bytes("<meta charset=\" \tWINDOWS-1251 \"><title>", privet, "</title>"),
             http: nil, encoding: "windows-1251", title: "Привет"),
        Case(name: "late meta (after 1024 bytes) while tentative: decoded again",
             body: bytes(padding, "<meta charset=windows-1251><title>", privet, "</title>"),
             http: nil, encoding: "windows-1251", title: "Привет"),
        Case(name: "late UTF-8 meta after a byte that is not UTF-8",
             body: bytes(padding, "<meta charset=utf-8><title>", [0xFF], " na", [0xC3, 0xAF], "ve</title>"),
             http: nil, encoding: "UTF-8", title: "\u{FFFD} naïve"),
        Case(name: "late meta is ignored when the HTTP charset decided",
             body: bytes(padding, "<meta charset=windows-1251><title>", privet, "</title>"),
             http: "iso-8859-5", encoding: "ISO-8859-5", title: "Я№штхђ"),
        Case(name: "a meta inside a comment is ignored",
             body: bytes("<!-- <meta charset=windows-1251> --><title>", privet, "</title>"),
             http: nil, encoding: "windows-1252", title: "Ïðèâåò"),
        Case(name: "a meta inside an attribute value is ignored",
             body: bytes("<div title='<meta charset=windows-1251>'><title>", privet, "</title>"),
             http: nil, encoding: "windows-1252", title: "Ïðèâåò"),
        Case(name: "http-equiv without charset= declares nothing",
             body: bytes("<meta http-equiv=\"Content-Type\" content=\"text/html\"><title>", privet, "</title>"),
             http: nil, encoding: "windows-1252", title: "Ïðèâåò"),
        Case(name: "a content charset without http-equiv declares nothing",
             body: bytes("<meta content=\"text/html; charset=windows-1251\"><title>", privet, "</title>"),
             http: nil, encoding: "windows-1252", title: "Ïðèâåò"),
        Case(name: "HTTP charset and meta disagree: HTTP wins",
             body: bytes("<meta charset=iso-8859-2><title>", privet, "</title>"),
             http: "windows-1251", encoding: "windows-1251", title: "Привет"),
        Case(name: "an HTTP label that is no encoding is ignored: the meta decides",
             body: bytes("<meta charset=windows-1251><title>", privet, "</title>"),
             http: "no-such-charset", encoding: "windows-1251", title: "Привет"),
        Case(name: "the first meta makes the encoding certain; a later one changes nothing",
             body: bytes("<meta charset=windows-1251>", padding, "<meta charset=iso-8859-2><title>", privet, "</title>"),
             http: nil, encoding: "windows-1251", title: "Привет"),
        Case(name: "utf-16 in a meta means UTF-8",
             body: bytes("<meta charset=utf-16><title>日本</title>"), http: nil, encoding: "UTF-8", title: "日本"),
        Case(name: "x-user-defined in a meta means windows-1252",
             body: bytes("<meta charset=x-user-defined><title>", [0x80], "</title>"),
             http: nil, encoding: "windows-1252", title: "€"),
        Case(name: "x-user-defined from HTTP",
             body: bytes("<title>", [0x80], "</title>"), http: "x-user-defined", encoding: "x-user-defined",
             title: "\u{F780}"),
        Case(name: "undeclared valid UTF-8 is detected as UTF-8",
             body: bytes("<title>日本語 ☺</title>"), http: nil, encoding: "UTF-8", title: "日本語 ☺"),
        Case(name: "undeclared ASCII is windows-1252",
             body: bytes("<title>plain</title>"), http: nil, encoding: "windows-1252", title: "plain"),
        Case(name: "a UTF-8 BOM beats the HTTP charset",
             body: bytes([0xEF, 0xBB, 0xBF], "<title>café</title>"), http: "windows-1251", encoding: "UTF-8",
             title: "café"),
        Case(name: "the pragma's charset may be quoted in content",
             body: bytes("<meta http-equiv=content-type content=\"text/html; charset='windows-1251'\"><title>",
                         privet, "</title>"), http: nil, encoding: "windows-1251", title: "Привет"),
        Case(name: "the replacement encoding hides the whole body",
             body: bytes("<meta charset=iso-2022-kr><title>x</title><a href=/x>"), http: nil,
             encoding: "replacement", title: nil),
    ]

    @Test(arguments: cases)
    func sniffing(_ testCase: Case) {
        let page = HTMLPageParser().parse(testCase.body, declaredCharset: testCase.http)
        #expect(page.encoding == testCase.encoding)
        #expect(page.title == testCase.title)
    }
}
