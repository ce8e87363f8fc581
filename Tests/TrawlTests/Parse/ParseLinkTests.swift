import Testing
@testable import TrawlParse

/// Links and `<base href>` through real libxml2.
@Suite struct ParseLinkTests {
    private func parse(_ html: String, maxLinks: Int = 10_000) -> ParsedPage {
        HTMLPageParser(maxLinks: maxLinks).parse(Array(html.utf8), declaredCharset: nil)
    }

    @Test("hrefs are kept as UTF-8 bytes; a sequence that is not UTF-8 is repaired as a String would be")
    func hrefBytes() {
        var collector = PageCollector(maxLinks: 10)
        for href: [UInt8] in [Array(" /caf\u{E9} ".utf8), [0x2F, 0xC3, 0x28, 0x61], [0x20, 0x20]] {
            href.withUnsafeBufferPointer { collector.link(href: $0, kind: .anchor) }
        }
        let page = collector.page
        #expect(page.hrefs == ["/caf\u{E9}", "/\u{FFFD}(a", ""])
        var seen: [[UInt8]] = []
        page.forEachHref { seen.append(Array($0)) }
        #expect(seen == [Array("/caf\u{E9}".utf8), [0x2F, 0xEF, 0xBF, 0xBD, 0x28, 0x61], []])
        #expect(page == ParsedPage(hrefs: ["/caf\u{E9}", "/\u{FFFD}(a", ""]))
    }

    @Test func anchorsAndAreasInDocumentOrder() {
        let page = parse("""
            <a href="/one">1</a>
            <map><area href="/two" alt=2><area nohref alt=x></map>
            <link href="/style.css" rel=stylesheet>
            <a name=anchor>no href</a>
            <A HREF="/three">3</A>
            """)
        #expect(page.hrefs == ["/one", "/two", "/three"])
        #expect(page.linksTruncated == false)
    }

    @Test(arguments: [
        ("<a href='  /spaced  '>x</a>", ["/spaced"]),
        ("<a href=\"\n\t/newline\r\n\">x</a>", ["/newline"]),
        // Empty and blank hrefs link the page itself (or <base href>): kept, once, as "".
        ("<a href=''>x</a><a href='   '>y</a><a href>z</a><a href=/kept>k</a>", ["", "/kept"]),
        ("<a href=\"/a?x=1&amp;y=2\">q</a>", ["/a?x=1&y=2"]),
        ("<a href=\"../rel/p#frag\">r</a>", ["../rel/p#frag"]),
        ("<a href=\"/caf&eacute;\">e</a>", ["/café"]),
        ("<a href=\"/a b\">s</a>", ["/a b"]),
    ])
    func hrefsAreTrimmedDecodedAndRaw(html: String, expected: [String]) {
        #expect(parse(html).hrefs == expected)
    }

    @Test(arguments: [
        ("<head><base href=' http://example.com/dir/ '></head>", "http://example.com/dir/"),
        ("<base target=_blank><base href=/second/><base href=/third/>", "/second/"),
        ("<base href=''><base href=/later/>", nil),
        ("<p>no base</p>", nil),
    ])
    func firstBaseWithHref(html: String, expected: String?) {
        #expect(parse(html).baseHref == expected)
    }

    @Test(arguments: [0, 1, 3, 5])
    func capAtMaxLinksSetsTruncated(maxLinks: Int) {
        let html = (0..<4).map { "<a href=/\($0)>\($0)</a>" }.joined()
        let page = parse(html, maxLinks: maxLinks)
        #expect(page.hrefs == (0..<min(4, maxLinks)).map { "/\($0)" })
        #expect(page.linksTruncated == (maxLinks < 4))
    }

    @Test("the cap counts distinct links: repeats, with or without a fragment, do not use it up")
    func repeatsDoNotCountTowardTheCap() {
        let html = String(repeating: "<a href=/a>a</a><a href='/a#x'>x</a><a href=/a#y>y</a>", count: 1000)
            + "<a href=/b>b</a>"
        let page = parse(html, maxLinks: 2)
        #expect(page.hrefs == ["/a", "/b"])
        #expect(page.linksTruncated == false)
        let capped = parse(html + "<a href=/c>c</a><a href=/a>a</a>", maxLinks: 2)
        #expect(capped.hrefs == ["/a", "/b"])
        #expect(capped.linksTruncated)
    }

    @Test func malformedMarkupKeepsEveryLink() {
        let page = parse("""
            <div><a href=/1>one<a href=/2>two</div></div></span>
            <p><a href="/3">three<table><tr><td><a href=/4>four</table>
            <a href="/5" <a href=/6>
            <a href=/7>unclosed
            """)
        #expect(page.hrefs.starts(with: ["/1", "/2", "/3", "/4", "/5"]))
        #expect(page.hrefs.last == "/7")
    }

    @Test func linksInsideScriptAreNotLinks() {
        let page = parse("<script>document.write('<a href=/fake>x</a>')</script><a href=/real>r</a>")
        #expect(page.hrefs == ["/real"])
    }
}
