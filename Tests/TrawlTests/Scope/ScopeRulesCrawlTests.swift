import Foundation
import LoopbackServer
import Testing
@testable import TrawlCrawl
import TrawlURLs

/// Each rule on a loopback site where it changes which jobs exist: the exact job sets.
@Suite("Scope: rules decide which discovered links become jobs")
struct ScopeRulesCrawlTests {
    static let deepPath = (1...40).map { "s\($0)" }.joined(separator: "/")

    static func site(other: String = "http://127.0.0.1:9") -> [String: ServerResponse] {
        [
            "/": .html("""
                <a href="/docs/a">a</a> <a href="/docs/b">b</a> <a href="/login">login</a>
                <a href="/cart/x">cart</a> <a href="/blog/1">blog</a> <a href="/docs/login">docs login</a>
                <a href="/docs/a?utm_source=x">tracked</a> <a href="/docs/a?utm_medium=y&amp;id=3">tracked id</a>
                <a href="/docs/b?sessionid=9">session</a>
                <a href="/a/b/a/b/a/b/a/b">trap</a> <a href="/\(deepPath)">deep</a>
                <a href="\(other)/ok">external ok</a> <a href="\(other)/missing">external missing</a>
                """),
            "/docs/a": .html("<title>A</title>"),
            "/docs/b": .html("<title>B</title>"),
            "/docs/login": .html("<title>docs login</title>"),
            "/login": .html("<title>login</title>"),
            "/cart/x": .html("<title>cart</title>"),
            "/blog/1": .html("<title>blog</title><a href='/blog/2'>next</a>"),
            "/blog/2": .html("<title>blog 2</title>"),
            "/a/b/a/b/a/b/a/b": .html("<title>trap</title>"),
            "/\(deepPath)": .html("<title>deep</title>"),
        ]
    }

    static func paths(_ harness: CrawlHarness, _ server: LoopbackHTTPServer) throws -> Set<String> {
        Set(try harness.queuedURLs().filter { $0.hasPrefix(server.baseURL) }.map { String($0.dropFirst(server.baseURL.count)) })
    }

    @Test("--include keeps only matching links; --exclude always wins; other links stay in links", arguments: StoreKind.allCases)
    func includeAndExclude(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.10", handler: Routes.site(Self.site()))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        let include = "^" + server.baseURL.replacingOccurrences(of: ".", with: "\\.") + "/docs/"
        let summary = try await harness.crawl(CrawlHarness.options {
            $0.follow = .host
            $0.scope.include = [include]
            $0.scope.exclude = ["/(login|logout|cart)"]
        })
        #expect(try Self.paths(harness, server) == [
            "/", "/docs/a", "/docs/b", "/docs/a?utm_source=x", "/docs/a?utm_medium=y&id=3", "/docs/b?sessionid=9",
        ])
        #expect(try harness.links(of: server.url("/")).contains(server.url("/login")), "refused links are still links")
        // Excluded: /login, /cart/x, /docs/login (which --include alone would take); not included: /blog/1 and
        // the two trap URLs.
        #expect(summary.linksNotQueued[.excluded] == 3 && summary.linksNotQueued[.notIncluded] == 3, "\(summary.linksNotQueued)")
    }

    @Test("--strip-query collapses tracking variants into one job (globs and exact names)", arguments: StoreKind.allCases)
    func stripQuery(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.11", handler: Routes.site(Self.site()))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options {
            $0.follow = .host
            $0.maxDepth = 1
            $0.scope.stripQuery = ["utm_*", "sessionid"]
            $0.scope.exclude = ["/(a|s1)/"]
        })
        #expect(try Self.paths(harness, server) == [
            "/", "/docs/a", "/docs/b", "/login", "/cart/x", "/blog/1", "/docs/login", "/docs/a?id=3",
        ])
        #expect(try harness.links(of: server.url("/")).contains(server.url("/docs/a?id=3")))
    }

    @Test("trap guards: too many path segments, one segment repeated; counted by reason", arguments: StoreKind.allCases)
    func trapGuards(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.12", handler: Routes.site(Self.site()))
        defer { server.stop() }
        let guarded = try await CrawlHarness.make(kind)
        defer { guarded.remove() }
        try await guarded.enqueue([server.url("/")])
        let summary = try await guarded.crawl(CrawlHarness.options { $0.follow = .host; $0.maxDepth = 1 })
        let paths = try Self.paths(guarded, server)
        #expect(!paths.contains("/a/b/a/b/a/b/a/b") && !paths.contains("/" + Self.deepPath))
        #expect(paths.contains("/docs/a") && paths.count == 10)
        #expect(summary.linksNotQueued[.segmentRepeats] == 1 && summary.linksNotQueued[.pathSegments] == 1)

        let unguarded = try await CrawlHarness.make(kind)
        defer { unguarded.remove() }
        try await unguarded.enqueue([server.url("/")])
        _ = try await unguarded.crawl(CrawlHarness.options {
            $0.follow = .host
            $0.maxDepth = 1
            $0.scope.maxPathSegments = 0
            $0.scope.maxSegmentRepeats = 4
        })
        #expect(try Self.paths(unguarded, server) == paths.union(["/a/b/a/b/a/b/a/b", "/" + Self.deepPath]))
    }

    @Test("--max-pages-per-host holds across runs: a new seed's links are not queued once the host is full", arguments: StoreKind.allCases)
    func maxPagesPerHost(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.13", handler: Routes.site(Self.site()))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        let options = CrawlHarness.options { $0.follow = .host; $0.scope.maxPagesPerHost = 4 }
        let first = try await harness.crawl(options)
        #expect(try harness.test.int("SELECT count(*) FROM jobs") == 4)
        // 11 links on the host: 2 trap URLs refused by the guards, 3 queued, 6 over the budget.
        #expect(first.linksNotQueued[.hostBudget] == 6 && first.linksNotQueued[.segmentRepeats] == 1
                && first.linksNotQueued[.pathSegments] == 1)
        // The next run: a seed the user enqueues is taken, its links are not.
        try await harness.enqueue([server.url("/blog/1")])
        _ = try await harness.crawl(options)
        #expect(try harness.test.int("SELECT count(*) FROM jobs") == 5)
        #expect(try !harness.queuedURLs().contains(server.url("/blog/2")))
        #expect(server.requestLog.count == 5)
    }

    @Test("--check-external fetches links outside --follow once, does not follow theirs; broken_links lists them", arguments: StoreKind.allCases)
    func checkExternal(kind: StoreKind) async throws {
        let other = try LoopbackHTTPServer(address: "127.0.9.15", handler: Routes.site([
            "/ok": .html("<title>Elsewhere</title><a href='/further'>further</a>"),
        ]))
        defer { other.stop() }
        let server = try LoopbackHTTPServer(address: "127.0.9.14", handler: Routes.site(Self.site(other: other.baseURL)))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options {
            $0.follow = .host
            $0.maxDepth = 1
            $0.scope.checkExternal = true
        })
        #expect(try harness.row(other.url("/ok"))?.title == "Elsewhere")
        #expect(try harness.row(other.url("/missing"))?.status == 404)
        #expect(try !harness.queuedURLs().contains(other.url("/further")))
        #expect(try harness.links(of: other.url("/ok")).isEmpty)
        #expect(Set(other.requestLog.map(\.path)) == ["/ok", "/missing"] && other.requestLog.count == 2)
        #expect(try harness.test.rows("SELECT link_url, status FROM broken_links WHERE link_url LIKE '\(other.baseURL)%'")
                == [[other.url("/missing"), "404"]])
        #expect(try harness.test.int("SELECT count(*) FROM link_checks") == 2)

        // Without it, the other host is never asked.
        let plain = try await CrawlHarness.make(kind)
        defer { plain.remove() }
        try await plain.enqueue([server.url("/")])
        _ = try await plain.crawl(CrawlHarness.options { $0.follow = .host; $0.maxDepth = 1 })
        #expect(try !plain.queuedURLs().contains(other.url("/ok")))
        #expect(other.requestLog.count == 2)
    }
}
