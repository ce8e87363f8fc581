import Testing
@testable import TrawlParse

/// The pure-Swift pieces of charset handling: labels, meta extraction, BOM, windows-1252, iconv.
@Suite struct ParseCharsetLabelTests {
    @Test(arguments: [
        ("utf-8", TextEncoding.utf8), ("UTF8", .utf8), (" Unicode-1-1-UTF-8 ", .utf8),
        ("iso-8859-1", .windows1252), ("Latin1", .windows1252), ("US-ASCII", .windows1252),
        ("ascii", .windows1252), ("cp1252", .windows1252),
        ("Shift_JIS", .iconv("CP932")), ("sjis", .iconv("CP932")),
        ("gb2312", .iconv("GB18030")), ("euc-kr", .iconv("CP949")), ("iso-8859-9", .iconv("WINDOWS-1254")),
        ("utf-16", .iconv("UTF-16LE")), ("windows-1251", .iconv("windows-1251")), ("koi8-r", .iconv("koi8-r")),
    ])
    func labels(label: String, expected: TextEncoding) {
        #expect(CharsetLabel.encoding(for: label) == expected)
    }

    @Test(arguments: ["", "  ", "utf-8//TRANSLIT", "a b", "x\u{0}y", String(repeating: "x", count: 41), "é"])
    func impossibleLabels(label: String) {
        #expect(CharsetLabel.encoding(for: label) == nil)
    }

    @Test(arguments: [
        ("text/html; charset=windows-1251", "windows-1251"),
        ("text/html;charset='koi8-r'", "koi8-r"),
        ("text/html; CHARSET = \"euc-jp\" ; x", "euc-jp"),
        ("charset=utf-8", "utf-8"),
        ("text/html; charsetx=1; charset=real", "real"),
        ("text/html; charset=\"unterminated", nil),
        ("text/html; charset=", nil),
        ("text/html", nil),
    ] as [(String, String?)])
    func metaContent(content: String, expected: String?) {
        #expect(MetaCharset.label(inContent: content) == expected)
    }

    @Test func metaCharsetAttributeWinsOverPragma() {
        #expect(MetaCharset.label(charset: " x ", httpEquiv: "Content-Type", content: "text/html; charset=y") == "x")
        #expect(MetaCharset.label(charset: nil, httpEquiv: "content-type", content: "text/html; charset=y") == "y")
        #expect(MetaCharset.label(charset: nil, httpEquiv: "refresh", content: "charset=y") == nil)
        #expect(MetaCharset.label(charset: nil, httpEquiv: nil, content: "charset=y") == nil)
    }

    @Test func byteOrderMarks() {
        func mark(_ bytes: [UInt8]) -> ByteOrderMark? { bytes.withUnsafeBytes { ByteOrderMark(prefixOf: $0) } }
        #expect(mark([0xEF, 0xBB, 0xBF, 0x3C])?.encoding == .utf8)
        #expect(mark([0xEF, 0xBB, 0xBF])?.length == 3)
        #expect(mark([0xFE, 0xFF])?.encoding == .iconv("UTF-16BE"))
        #expect(mark([0xFF, 0xFE, 0x3C, 0x00])?.encoding == .iconv("UTF-16LE"))
        #expect(mark([0xEF, 0xBB]) == nil)
        #expect(mark([0x3C]) == nil)
        #expect(mark([]) == nil)
    }

    @Test func windows1252MapsEveryByte() {
        let all = (0...255).map(UInt8.init)
        let text = all.withUnsafeBytes { Windows1252.decode($0) }
        let scalars = Array(text.unicodeScalars)
        #expect(scalars.count == 256)
        #expect(scalars[0x80] == "€")
        #expect(scalars[0x81] == "\u{81}")
        #expect(scalars[0x9F] == "Ÿ")
        #expect(scalars[0xE9] == "é")
        #expect(scalars[0x41] == "A")
    }

    @Test func iconvReplacesInvalidSequencesAndGoesOn() throws {
        let bytes: [UInt8] = [0x93, 0xFA, 0xFF, 0x41, 0x96]  // 日, invalid, A, truncated lead byte
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: .iconv("CP932")) })
        #expect(text == "日\u{FFFD}A\u{FFFD}")
    }

    @Test func iconvOutputLargerThanInput() throws {
        let bytes = [UInt8](repeating: 0xB1, count: 50_000)  // half-width katakana: 1 byte → 3 bytes UTF-8
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: .iconv("CP932")) })
        #expect(text == String(repeating: "ｱ", count: 50_000))
    }

    @Test func statefulEncodingIsFlushed() throws {
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]  // ISO-2022-JP 日本
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: .iconv("ISO-2022-JP")) })
        #expect(text == "日本")
    }

    @Test func unknownEncodingCannotBeDecoded() {
        #expect(Transcoder.canDecode(.iconv("no-such-thing")) == false)
        #expect(Transcoder.canDecode(.iconv("windows-1251")))
        #expect([UInt8]().withUnsafeBytes { Transcoder.text(from: $0, in: .iconv("no-such-thing")) } == nil)
    }

    @Test(arguments: [
        ("  a \t\n b  ", "a b"), ("a\u{A0}\u{A0}b", "a\u{A0}\u{A0}b"), ("\n", nil), ("", nil), ("x", "x"),
    ] as [(String, String?)])
    func titleWhitespace(raw: String, expected: String?) {
        #expect(PageCollector.collapsed(Array(raw.utf8)) == expected)
    }
}
