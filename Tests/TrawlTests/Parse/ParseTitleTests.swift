import Testing
@testable import TrawlParse

/// Titles through real libxml2: entities, whitespace, tags inside, absence.
@Suite struct ParseTitleTests {
    private let parser = HTMLPageParser()

    private func title(_ html: String, charset: String? = "utf-8") -> String? {
        parser.parse(Array(html.utf8), declaredCharset: charset).title
    }

    @Test(arguments: [
        ("<title>Fish &amp; Chips</title>", "Fish & Chips"),
        ("<title>caf&eacute;</title>", "café"),
        ("<title>smile &#x263A; &#9731;</title>", "smile ☺ ☃"),
        ("<title>&lt;b&gt; &quot;q&quot; &#39;s&#39;</title>", "<b> \"q\" 's'"),
        ("<title>a&nbsp;b</title>", "a\u{A0}b"),
        ("<title>AT&T</title>", "AT&T"),
    ])
    func entitiesAreDecoded(html: String, expected: String) {
        #expect(title(html) == expected)
    }

    @Test(arguments: [
        ("<title>  Hello \n\t  world\r\n </title>", "Hello world"),
        ("<title>\n\nOne\n</title>", "One"),
        ("<title>a \u{A0} b</title>", "a \u{A0} b"),
        ("<title>a&#10;&#9;b</title>", "a b"),
    ])
    func asciiWhitespaceCollapsesButNoBreakSpaceStays(html: String, expected: String) {
        #expect(title(html) == expected)
    }

    @Test(arguments: [
        "<html><head></head><body><p>no title</p></body></html>",
        "<title></title>",
        "<title>  \n\t </title>",
        "<p>title</p>",
    ])
    func missingOrBlankTitleIsNil(html: String) {
        #expect(title(html) == nil)
    }

    @Test(arguments: [
        ("<title>Hello <b>bold</b> world</title>", "Hello bold world"),
        ("<title><i>A</i> <i>B</i></title>", "A B"),
        ("<title>x<span>y<em>z</em></span>!</title><p>after</p>", "xyz!"),
    ])
    func tagsInsideTitleKeepTheirText(html: String, expected: String) {
        #expect(title(html) == expected)
    }

    @Test func firstTitleWins() {
        #expect(title("<title>one</title><body><title>two</title>") == "one")
    }

    @Test func titleOutsideHeadStillCounts() {
        #expect(title("<body><p>x</p><title>late</title></body>") == "late")
    }

    @Test(arguments: [
        ("<title>Unclosed title", "Unclosed title"),
        ("<html><title>T</title><body><div><p>x</div></span></body>", "T"),
        ("<TITLE>Upper</TITLE>", "Upper"),
        ("</div><title>after stray</title>", "after stray"),
    ])
    func malformedHTMLIsRecovered(html: String, expected: String) {
        #expect(title(html) == expected)
    }
}
