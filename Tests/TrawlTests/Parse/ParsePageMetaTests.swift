import Testing
@testable import TrawlParse

/// Link kinds and what a page says about itself, through real libxml2.
@Suite struct ParsePageMetaTests {
    private func parse(_ html: String, token: String = "trawl") -> ParsedPage {
        HTMLPageParser(robotsToken: token).parse(Array(html.utf8), declaredCharset: nil)
    }

    @Test func everyKindOfLinkInDocumentOrder() {
        let page = parse("""
            <html><head><link rel="Canonical" href=" /canonical "><link rel=stylesheet href=/style.css>
            <meta http-equiv=Refresh content="0; URL='/moved'"></head>
            <frameset><frame src=/frame></frameset>
            <body><iframe src="/embedded"></iframe><a href=/a rel="external NoFollow">a</a>
            <map><area href=/area></map><a href=/a>again, followed</a><img src=/image.png>
            """)
        let links = page.links.map { "\($0.href) \($0.kind.name)\($0.relNofollow ? " nofollow" : "")" }
        #expect(links == [
            "/canonical canonical", "/moved refresh", "/frame frame", "/embedded iframe", "/a a nofollow",
            "/area area", "/a a",
        ])
    }

    @Test(arguments: [
        ("0; url=/next", "/next"), ("0;URL=/next", "/next"), ("5, url = '/q'", "/q"), ("0 /space", "/space"),
        ("1.5; url=\"/quoted\" trailing", "/quoted"), ("0; /bare", "/bare"), ("3", nil), ("", nil), ("x; url=/n", nil),
        ("0; url=", nil),
    ] as [(String, String?)])
    func metaRefresh(content: String, expected: String?) {
        let escaped = content.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "&quot;")
        let page = parse("<meta http-equiv=refresh content=\"\(escaped)\">")
        #expect(page.links.first(where: { $0.kind == .refresh })?.href == expected)
    }

    @Test func descriptionIsTheFirstCollapsed() {
        let page = parse("""
            <meta name=Description content="  An   example
            page. "><meta name=description content=second>
            """)
        #expect(page.description == "An example page.")
        #expect(parse("<meta name=keywords content=x>").description == nil)
    }

    @Test(arguments: [
        ("<meta name=robots content='NOINDEX, nofollow'>", "trawl", "noindex,nofollow", true, true),
        ("<meta name=ROBOTS content=none>", "trawl", "none", true, true),
        ("<meta name=trawl content=nofollow>", "trawl", "nofollow", false, true),
        ("<meta name=Trawl content=noindex>", "trawl", "noindex", true, false),
        ("<meta name=googlebot content=noindex>", "trawl", nil, false, false),
        ("<meta name=robots content=noarchive><meta name=mybot content=noindex>", "mybot", "noarchive,noindex",
         true, false),
    ] as [(String, String, String?, Bool, Bool)])
    func robotsMeta(html: String, token: String, text: String?, noindex: Bool, nofollow: Bool) {
        let robots = parse(html, token: token).robots
        #expect(robots.text == text)
        #expect(robots.noindex == noindex)
        #expect(robots.nofollow == nofollow)
    }

    @Test(arguments: [
        (["noindex"], "noindex"), (["trawl: nofollow"], "nofollow"), (["googlebot: noindex"], nil),
        (["TRAWL: none", "noarchive"], "none,noarchive"), (["unavailable_after: 25 Jun 2010 15:00:00 PST"],
         "unavailable_after: 25 jun 2010 15:00:00 pst"), (["max-snippet: 20, noindex"], "max-snippet: 20,noindex"),
    ] as [([String], String?)])
    func xRobotsTag(values: [String], text: String?) {
        var robots = RobotsDirectives()
        for value in values { robots.add(header: value, token: "trawl") }
        #expect(robots.text == text)
    }
}
