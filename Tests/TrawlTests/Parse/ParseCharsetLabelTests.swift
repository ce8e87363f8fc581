import Testing
@testable import TrawlParse

/// The pure-Swift pieces of charset handling: labels, meta extraction, BOM, windows-1252, iconv.
@Suite struct ParseCharsetLabelTests {
    static func encoding(_ label: String) -> TextEncoding { CharsetLabel.encoding(for: label)! }

    /// Labels as the Encoding Standard maps them (§4.2): ASCII whitespace around and any ASCII case.
    @Test(arguments: [
        ("utf-8", "UTF-8"), ("UTF8", "UTF-8"), (" Unicode-1-1-UTF-8 ", "UTF-8"), ("\tutf-8\n", "UTF-8"),
        ("iso-8859-1", "windows-1252"), ("Latin1", "windows-1252"), ("US-ASCII", "windows-1252"),
        ("ascii", "windows-1252"), ("cp1252", "windows-1252"), ("\u{C}ISO_8859-1:1987 ", "windows-1252"),
        ("Shift_JIS", "Shift_JIS"), ("x-sjis", "Shift_JIS"), ("windows-31j", "Shift_JIS"),
        ("gb2312", "GBK"), ("GB18030", "gb18030"), ("euc-kr", "EUC-KR"), ("iso-8859-9", "windows-1254"),
        ("iso-8859-11", "windows-874"), ("utf-16", "UTF-16LE"), ("unicodeFFFE", "UTF-16BE"),
        ("windows-1251", "windows-1251"), ("koi8-r", "KOI8-R"), ("koi8-ru", "KOI8-U"), ("x-mac-ukrainian", "x-mac-cyrillic"),
        ("iso-2022-kr", "replacement"), ("hz-gb-2312", "replacement"), ("x-user-defined", "x-user-defined"),
        ("logical", "ISO-8859-8-I"), ("big5-hkscs", "Big5"), ("euc-jp", "EUC-JP"),
    ])
    func labels(label: String, expected: String) {
        #expect(CharsetLabel.encoding(for: label)?.name == expected)
    }

    @Test(arguments: ["", "  ", "utf-8//TRANSLIT", "a b", "x\u{0}y", String(repeating: "x", count: 41), "é",
                      "utf-7", "iso-8859-1 x", "\u{A0}utf-8", "latin-1", "cp932", "x-no-such-charset"])
    func notLabels(label: String) {
        #expect(CharsetLabel.encoding(for: label) == nil)
    }

    /// Every label of the standard decodes (glibc knows every encoding's iconv name).
    @Test func everyLabelDecodes() {
        #expect(CharsetLabel.allLabels.count == 228)
        for (label, name) in CharsetLabel.allLabels {
            let encoding = CharsetLabel.encoding(for: label)
            #expect(encoding?.name == name, "\(label)")
            #expect(encoding.map(Transcoder.canDecode) == true, "\(label)")
        }
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

    @Test func byteOrderMarks() {
        func mark(_ bytes: [UInt8]) -> ByteOrderMark? { bytes.withUnsafeBytes { ByteOrderMark(prefixOf: $0) } }
        #expect(mark([0xEF, 0xBB, 0xBF, 0x3C])?.encoding == .utf8)
        #expect(mark([0xEF, 0xBB, 0xBF])?.length == 3)
        #expect(mark([0xFE, 0xFF])?.encoding == .utf16BE)
        #expect(mark([0xFF, 0xFE, 0x3C, 0x00])?.encoding == .utf16LE)
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
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: Self.encoding("shift_jis")) })
        #expect(text == "日\u{FFFD}A\u{FFFD}")
    }

    @Test func iconvOutputLargerThanInput() throws {
        let bytes = [UInt8](repeating: 0xB1, count: 50_000)  // half-width katakana: 1 byte → 3 bytes UTF-8
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: Self.encoding("shift_jis")) })
        #expect(text == String(repeating: "ｱ", count: 50_000))
    }

    @Test func statefulEncodingIsFlushed() throws {
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]  // ISO-2022-JP 日本
        let text = try #require(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: Self.encoding("iso-2022-jp")) })
        #expect(text == "日本")
    }

    @Test func unknownEncodingCannotBeDecoded() {
        let missing = TextEncoding(name: "none", decoder: .iconv("no-such-thing"))
        #expect(Transcoder.canDecode(missing) == false)
        #expect(Transcoder.canDecode(Self.encoding("windows-1251")))
        #expect([UInt8]().withUnsafeBytes { Transcoder.text(from: $0, in: missing) } == nil)
    }

    @Test func xUserDefinedAndReplacement() {
        let bytes: [UInt8] = [0x41, 0x80, 0xFF]
        #expect(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: .xUserDefined) } == "A\u{F780}\u{F7FF}")
        #expect(bytes.withUnsafeBytes { Transcoder.text(from: $0, in: Self.encoding("iso-2022-kr")) } == "\u{FFFD}")
    }

    @Test(arguments: [
        ("  a \t\n b  ", "a b"), ("a\u{A0}\u{A0}b", "a\u{A0}\u{A0}b"), ("\n", nil), ("", nil), ("x", "x"),
    ] as [(String, String?)])
    func titleWhitespace(raw: String, expected: String?) {
        #expect(PageCollector.collapsed(Array(raw.utf8)) == expected)
    }
}
