import LoopbackServer
import Testing
@testable import TrawlCrawl
import TrawlURLs

@Suite("Crawl: links, scope and depth")
struct CrawlLinksTests {
    static func site(other: String) -> [String: ServerResponse] {
        [
            "/": .html("""
                <html><head><title>  Home \n page  </title></head><body>
                <a href="a.html">relative</a> <a href="/b.html#section">fragment</a> <a href="#top">self</a>
                <a href="  /c.html  ">padded</a> <a href="mailto:x@example.org">mail</a>
                <a href="javascript:void(0)">js</a> <a href="tel:123">tel</a> <a href="data:text/html,x">data</a>
                <a href="\(other)/elsewhere">other host</a> <map><area href="/area.html"></map>
                <a href="/a.html">duplicate</a>
                </body></html>
                """),
            "/a.html": .html("<title>A</title><a href='/deep/1.html'>deeper</a>"),
            "/b.html": .html("<title>B</title>"),
            "/c.html": .html("<title>C</title>"),
            "/area.html": .html("<title>Area</title>"),
            "/deep/1.html": .html("<title>Deep</title><a href='2.html'>deeper still</a>"),
            "/deep/2.html": .html("<title>Deeper</title>"),
            "/based/": .html("<head><base href='/other/dir/'></head><a href='x.html'>x</a><a href='../y.html'>y</a>"),
        ]
    }

    @Test("links are resolved, normalized, deduplicated; skipped schemes dropped; other hosts stored, not followed", arguments: StoreKind.allCases)
    func linksAndHostScope(kind: StoreKind) async throws {
        let other = try LoopbackHTTPServer(address: "127.0.0.24", handler: Routes.site([:], notFound: .html("x")))
        defer { other.stop() }
        let server = try LoopbackHTTPServer(address: "127.0.0.23", handler: Routes.site(Self.site(other: other.baseURL)))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/"), server.url("/based/")])
        _ = try await harness.crawl(CrawlHarness.options { $0.follow = .host; $0.maxDepth = 1 })

        #expect(try harness.links(of: server.url("/")) == [
            server.url("/a.html"), server.url("/b.html"), server.url("/"), server.url("/c.html"),
            other.url("/elsewhere"), server.url("/area.html"),
        ])
        #expect(try harness.row(server.url("/"))?.title == "Home page")
        #expect(try harness.links(of: server.url("/based/")) == [server.url("/other/dir/x.html"), server.url("/other/y.html")])
        // Depth 1 at most: the depth-2 link of /a.html is stored as a link, but not queued.
        #expect(try harness.row(server.url("/a.html"))?.depth == 1)
        #expect(try harness.links(of: server.url("/a.html")) == [server.url("/deep/1.html")])
        #expect(try !harness.queuedURLs().contains(server.url("/deep/1.html")))
        #expect(try !harness.queuedURLs().contains(other.url("/elsewhere")))
        #expect(other.requestLog.isEmpty)
    }

    @Test("follow none queues nothing; follow all crosses hosts; unlimited depth reaches the bottom", arguments: StoreKind.allCases)
    func followScopes(kind: StoreKind) async throws {
        let other = try LoopbackHTTPServer(address: "127.0.0.26", handler: Routes.site([:], notFound: .html("x")))
        defer { other.stop() }
        let server = try LoopbackHTTPServer(address: "127.0.0.25", handler: Routes.site(Self.site(other: other.baseURL)))
        defer { server.stop() }

        let none = try await CrawlHarness.make(kind)
        defer { none.remove() }
        try await none.enqueue([server.url("/")])
        _ = try await none.crawl(CrawlHarness.options { $0.follow = .none })
        #expect(try none.queuedURLs() == [server.url("/")])

        let all = try await CrawlHarness.make(kind)
        defer { all.remove() }
        try await all.enqueue([server.url("/")])
        _ = try await all.crawl(CrawlHarness.options { $0.follow = .all; $0.maxDepth = nil })
        #expect(try all.row(other.url("/elsewhere"))?.state == "done")
        #expect(try all.row(server.url("/deep/2.html"))?.depth == 3)
        #expect(try all.row(server.url("/deep/2.html"))?.title == "Deeper")
    }

    @Test("charsets through the whole path: header latin-1, meta windows-1251, no title, non-HTML not parsed", arguments: StoreKind.allCases)
    func titlesEndToEnd(kind: StoreKind) async throws {
        let latin1: [UInt8] = Array("<title>Caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8, 0x6D, 0x65] + Array("</title>".utf8)
        let cyrillic: [UInt8] = Array("<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><title>".utf8)
            + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2] + Array("</title>".utf8)
        let binaryBody = Array("<title>not html</title><a href='/y'>".utf8)
        let server = try LoopbackHTTPServer(address: "127.0.0.27", handler: Routes.site([
            "/latin1": .bytes(latin1, contentType: "text/html; charset=iso-8859-1"),
            "/cyrillic": .bytes(cyrillic, contentType: "text/html"),
            "/untitled": .html("<p>no title here <a href='/x'>x</a>"),
            "/file.bin": .bytes(binaryBody, contentType: "application/octet-stream"),
        ]))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue(["/latin1", "/cyrillic", "/untitled", "/file.bin"].map { server.url($0) })
        _ = try await harness.crawl(CrawlHarness.options { $0.follow = .none })
        #expect(try harness.row(server.url("/latin1"))?.title == "Café crème")
        #expect(try harness.row(server.url("/cyrillic"))?.title == "Привет")
        #expect(try harness.row(server.url("/untitled"))?.title == nil)
        #expect(try harness.links(of: server.url("/untitled")) == [server.url("/x")])
        let binary = try #require(try harness.row(server.url("/file.bin")))
        #expect(binary.state == "done" && binary.title == nil)
        #expect(try harness.links(of: server.url("/file.bin")).isEmpty)
        #expect(try harness.test.rows("SELECT bytes, content_type FROM pages p JOIN jobs j ON j.id = p.job_id WHERE j.url = '\(server.url("/file.bin"))'") == [[String(binaryBody.count), "application/octet-stream"]])
    }
}
