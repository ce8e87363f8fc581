import Testing
import TrawlURLs

/// A user name or password in a URL is never stored nor printed (RFC 3986 §3.2.1 deprecates them).
@Suite struct URLUserinfoTests {
    @Test("parsing drops the userinfo and says so", arguments: [
        ("http://alice:s3cret@a.test/x", "http://a.test/x", true),
        ("https://bob@B.test:8443/", "https://b.test:8443/", true),
        ("http://:pw@a.test/", "http://a.test/", true),
        ("http://a.test/p@q?r=s@t", "http://a.test/p@q?r=s@t", false),
        ("http://a.test/", "http://a.test/", false),
    ] as [(String, String, Bool)])
    func parsingDropsUserinfo(input: String, expected: String, dropped: Bool) throws {
        let url = try NormalizedURL(parsing: input)
        #expect(url.string == expected)
        #expect(url.droppedUserinfo == dropped)
    }

    @Test("a link with a userinfo, absolute or joined to such a base, is stored without it", arguments: [
        ("http://a.test/", "http://carol:hunter2@a.test/secret", "http://a.test/secret"),
        ("http://a.test/", "//dave:pw@b.test/x", "http://b.test/x"),
    ])
    func linksDropUserinfo(base: String, href: String, expected: String) throws {
        let page = try NormalizedURL(parsing: base)
        #expect(page.resolving(href)?.string == expected)
        let bytes = Array(href.utf8)
        let links = LinkResolver.distinctLinks(onPage: page, baseHref: nil, hrefCount: 1) { visit in
            bytes.withUnsafeBufferPointer { visit($0) }
        }
        #expect(links.map(\.string) == [expected])
    }

    @Test("messages mask the userinfo; stored text strips it", arguments: [
        ("http://alice:s3cret@a.test/x", "http://***@a.test/x", "http://a.test/x"),
        ("https://u@h.test", "https://***@h.test", "https://h.test"),
        ("http://a.test/p@q", "http://a.test/p@q", "http://a.test/p@q"),
        ("not a url @ all", "not a url @ all", "not a url @ all"),
        ("ftp://x:y@z/", "ftp://***@z/", "ftp://z/"),
    ])
    func maskAndStrip(input: String, masked: String, stripped: String) {
        #expect(URLUserinfo.masked(input) == masked)
        #expect(URLUserinfo.stripped(input) == stripped)
    }
}
