import Testing
import TrawlParse

/// `ContentType.charset(of:)` and `ContentType.isHTML(_:)`.
@Suite struct ParseContentTypeTests {
    @Test(arguments: [
        ("text/html; charset=\"Shift_JIS\"", "Shift_JIS"),
        ("text/html; charset=utf-8", "utf-8"),
        ("text/html;charset=ISO-8859-1", "ISO-8859-1"),
        ("text/html ; CHARSET = windows-1251 ", "windows-1251"),
        ("text/html; foo=bar; charset=euc-jp; x=y", "euc-jp"),
        ("text/html; foo=\"a;charset=wrong\"; charset=right", "right"),
        ("text/html; charset=\"a\\\"b\"", "a\"b"),
        ("text/html; charset=", nil),
        ("text/html; charset=\"\"", nil),
        ("text/html", nil),
        ("text/html;", nil),
        ("charset=utf-8", nil),
        ("", nil),
        (nil, nil),
    ] as [(String?, String?)])
    func charset(contentType: String?, expected: String?) {
        #expect(ContentType.charset(of: contentType) == expected)
    }

    @Test(arguments: [
        ("text/html", true),
        ("TEXT/HTML; charset=utf-8", true),
        (" text/html ;charset=x", true),
        ("application/xhtml+xml", true),
        ("", true),
        (nil, true),
        ("text/plain", false),
        ("application/pdf", false),
        ("text/htmlx", false),
        ("image/svg+xml", false),
    ] as [(String?, Bool)])
    func isHTML(contentType: String?, expected: Bool) {
        #expect(ContentType.isHTML(contentType) == expected)
    }
}
