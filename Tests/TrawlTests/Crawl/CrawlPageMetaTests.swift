import LoopbackServer
import Testing
@testable import TrawlCrawl

/// What pages say about themselves, through a real crawl of a loopback site: meta refresh, frames and
/// canonical links are followed; nofollow (rel, meta robots, X-Robots-Tag) is stored but not followed
/// unless `--ignore-nofollow`; the kinds of each link and the page's own claims are in the database.
@Suite("Crawl: link kinds, nofollow and page metadata", .serialized)
struct CrawlPageMetaTests {
    static let site: [String: ServerResponse] = [
        // A root that is only a redirect in markup, like the JDK's documentation.
        "/": .html("<html><head><meta http-equiv=\"refresh\" content=\"0; url=/docs/\"></head></html>"),
        "/docs/": .html("""
            <html><head><title>Docs</title><link rel="canonical" href="/docs/index.html">
            <meta name="description" content="All the  docs"></head>
            <body><iframe src="/frame.html"></iframe><a href="/a" rel="nofollow">a</a><a href="/b">b</a>
            <a href="">self</a><a href="/b#part">b again</a><a href="/report.pdf">pdf</a></body></html>
            """),
        "/report.pdf": .bytes(Array("%PDF-1.4".utf8), contentType: "application/pdf")
            .adding(header: "X-Robots-Tag", "noindex").adding(header: "X-Robots-Tag", "googlebot: nofollow"),
        "/docs/index.html": .html("<title>Docs index</title><frameset><frame src=/framed.html></frameset>"),
        "/framed.html": .html("<title>Framed</title>"),
        "/frame.html": .html("<meta name=robots content=nofollow><a href=/hidden>hidden</a>"),
        "/b": .html("<title>B</title><a href=/c>c</a>").adding(header: "X-Robots-Tag", "trawl: noindex, nofollow"),
        "/a": .html("a"), "/hidden": .html("hidden"), "/c": .html("c"),
    ]

    private func crawl(ignoreNofollow: Bool) async throws -> (CrawlHarness, LoopbackHTTPServer) {
        let server = try LoopbackHTTPServer(address: "127.0.0.173", handler: Routes.site(Self.site))
        let harness = try CrawlHarness()
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options { $0.ignoreNofollow = ignoreNofollow })
        return (harness, server)
    }

    @Test("nofollow is obeyed by default: exact job set, links stored with kinds and flags, page metadata")
    func defaultObeysNofollow() async throws {
        let (harness, server) = try await crawl(ignoreNofollow: false)
        defer { harness.remove(); server.stop() }
        let followed = ["/", "/docs/", "/docs/index.html", "/framed.html", "/frame.html", "/b", "/report.pdf"]
        #expect(try harness.queuedURLs() == Set(followed.map { server.url($0) }))
        #expect(server.requestLog.filter { ["/a", "/hidden", "/c"].contains($0.path) }.isEmpty)

        let docs = try harness.test.rows("""
            SELECT l.url, l.kinds, l.nofollow FROM links l JOIN jobs j ON j.id = l.job_id
            WHERE j.url = '\(server.url("/docs/"))' ORDER BY l.url
            """)
        #expect(docs == [
            [server.url("/a"), "1", "1"], [server.url("/b"), "1", "0"], [server.url("/docs/"), "1", "0"],
            [server.url("/docs/index.html"), "32", "0"], [server.url("/frame.html"), "8", "0"],
            [server.url("/report.pdf"), "1", "0"],
        ])
        #expect(try harness.test.rows("SELECT l.url, l.kinds FROM links l JOIN jobs j ON j.id = l.job_id WHERE j.url = '\(server.url("/"))'")
                == [[server.url("/docs/"), "16"]])
        #expect(try harness.links(of: server.url("/docs/index.html")) == [server.url("/framed.html")])
        #expect(try harness.test.rows("SELECT l.nofollow FROM links l JOIN jobs j ON j.id = l.job_id WHERE j.url IN ('\(server.url("/frame.html"))', '\(server.url("/b"))') ORDER BY l.url")
                == [["1"], ["1"]])

        let meta = try harness.test.rows("""
            SELECT j.url, m.canonical_url, m.description, m.robots, m.noindex, m.nofollow, m.links_truncated
            FROM page_meta m JOIN jobs j ON j.id = m.job_id ORDER BY j.url
            """)
        #expect(meta == [
            [server.url("/b"), nil, nil, "noindex,nofollow", "1", "1", "0"],
            [server.url("/docs/"), server.url("/docs/index.html"), "All the docs", nil, "0", "0", "0"],
            [server.url("/frame.html"), nil, nil, "nofollow", "0", "1", "0"],
            [server.url("/report.pdf"), nil, nil, "noindex", "1", "0", "0"],
        ])
    }

    @Test("--ignore-nofollow follows them too, and still flags them")
    func ignoreNofollowFollows() async throws {
        let (harness, server) = try await crawl(ignoreNofollow: true)
        defer { harness.remove(); server.stop() }
        let all = ["/", "/docs/", "/docs/index.html", "/framed.html", "/frame.html", "/b", "/report.pdf", "/a",
                   "/hidden", "/c"]
        #expect(try harness.queuedURLs() == Set(all.map { server.url($0) }))
        #expect(try harness.test.int("SELECT count(*) FROM page_links WHERE nofollow = 1") == 3)
    }
}
