import LoopbackServer
import Testing
@testable import TrawlCrawl
@testable import TrawlStore

/// A failed page says what failed, in trawl's words with curl's detail after them, and its kind (the text
/// before the first ':' or '(') is the cause that `trawl status`, the summary and `error_kinds` group by.
@Suite("Crawl: failures name their cause", .serialized)
struct CrawlFailureCausesTests {
    @Test("a redirect to ftp: is not followed, and final_url is the URL of the redirect that was stored", arguments: StoreKind.allCases)
    func redirectToFTP(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.24", handler: Routes.site([
            "/a": .redirect(to: "/b"),
            "/b": .redirect(to: "ftp://127.0.0.24/file"),
        ]))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/a")])
        _ = try await harness.crawl()
        let row = try #require(try harness.row(server.url("/a")))
        #expect(row.state == "failed" && row.status == 301, "\(row)")
        #expect(row.finalURL == server.url("/b"), "the response stored is /b's 301, not the ftp URL")
        #expect(row.error?.hasPrefix("refused: redirect to a scheme other than http/https (curl: ") == true)
        #expect(server.requestCount(path: "/b") == 1)
    }

    @Test("a closed port is 'connect: connection refused', with curl's detail after it", arguments: StoreKind.allCases)
    func connectionRefused(kind: StoreKind) async throws {
        let closed = try LoopbackHTTPServer(address: "127.0.0.25", handler: { _ in .notFound })
        let url = closed.url("/")
        closed.stop()
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([url])
        let summary = try await harness.crawl(CrawlHarness.options { $0.retries = 0 })
        let row = try #require(try harness.row(url))
        #expect(row.error?.hasPrefix("connect: connection refused (curl: Failed to connect to 127.0.0.25 port ")
                == true, "\(row)")
        #expect(summary.failuresByReason == ["connect": 1])
        #expect(try harness.test.rows("SELECT kind, pages FROM error_kinds") == [["connect", "1"]])
    }

    @Test("robots.txt on a closed port: the host's pages fail under the real cause, naming robots.txt", arguments: StoreKind.allCases)
    func robotsUnreachableNamesTheCause(kind: StoreKind) async throws {
        let closed = try LoopbackHTTPServer(address: "127.0.0.26", handler: { _ in .notFound })
        let urls = [closed.url("/"), closed.url("/other")]
        closed.stop()
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue(urls)
        let summary = try await harness.crawl(CrawlHarness.options { $0.ignoreRobots = false; $0.retries = 1 })
        for url in urls {
            let row = try #require(try harness.row(url))
            #expect(row.state == "failed" && row.attempts == 0, "\(row)")
            #expect(row.error?.hasPrefix("connect: connection refused (fetching robots.txt, after 2 attempts; curl: ")
                    == true, "\(row)")
        }
        #expect(summary.failuresByReason == ["connect": 2], "not 'robots.txt unreachable'")
        #expect(try harness.test.rows("SELECT kind, pages FROM error_kinds") == [["connect", "2"]])
        let report = try await harness.test.store.statusReport(topHosts: 0, topErrors: 5)
        #expect(report.errors.map(\.reason) == ["connect"])
        #expect(report.errors.first?.example.contains("robots.txt") == true)
    }

    @Test("a server that stops sending is 'stalled: less than N bytes/s for S s', not curl's raw text", arguments: StoreKind.allCases)
    func stalledServer(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.27", handler: Routes.site([
            "/robots.txt": .text("User-agent: *\nAllow: /\n"),
            "/hang": ServerResponse.html("x").delivered(.neverRespond),
        ]))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/hang")])
        let summary = try await harness.crawl(CrawlHarness.options {
            $0.ignoreRobots = false
            $0.retries = 0
            $0.connector.lowSpeedLimit = 100
            $0.connector.lowSpeedTime = 1
        })
        let row = try #require(try harness.row(server.url("/hang")))
        #expect(row.error?.hasPrefix("stalled: less than 100 bytes/s for 1 s (curl: Operation too slow") == true,
                "\(row)")
        #expect(summary.failuresByReason == ["stalled": 1])
        #expect(server.requestCount(path: "/robots.txt") == 1, "robots.txt answered: the page's own failure")
    }

    @Test("a response slower than --timeout is 'timed out: no complete response within --timeout 1 s'", arguments: StoreKind.allCases)
    func timedOut(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.27", handler: Routes.site([
            "/slow": ServerResponse.html("x").delivered(.neverRespond),
        ]))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/slow")])
        let summary = try await harness.crawl(CrawlHarness.options {
            $0.retries = 0
            $0.connector.timeout = 1
            $0.connector.lowSpeedTime = 30
        })
        let row = try #require(try harness.row(server.url("/slow")))
        #expect(row.error?.hasPrefix("timed out: no complete response within --timeout 1 s (curl: Operation timed out")
                == true, "\(row)")
        #expect(summary.failuresByReason == ["timed out": 1])
    }

    @Test("the kinds of every message trawl writes are their cause", arguments: [
        ("DNS: could not resolve host (curl: Could not resolve host: no-such-host.invalid)", "DNS"),
        ("connect: connection refused (fetching robots.txt; curl: Failed to connect)", "connect"),
        ("TLS: certificate not trusted for this host (curl: SSL certificate problem)", "TLS"),
        ("timed out: no complete response within --timeout 30 s (curl: Operation timed out)", "timed out"),
        ("HTTP 503 (fetching robots.txt, after 3 attempts)", "HTTP 503"),
    ])
    func kinds(message: String, kind: String) {
        #expect(ErrorReason.of(message) == kind)
    }
}
