import LoopbackServer
import Testing
@testable import TrawlCrawl
import TrawlSync

@Suite("Crawl: statuses, retries, redirects and job states")
struct CrawlStatesTests {
    @Test("200, 404, 500 with retries, a flaky page, a redirect chain and a loop end in the right state", arguments: StoreKind.allCases)
    func statusesAndStates(kind: StoreKind) async throws {
        let flakyCalls = ThreadLock(0)
        let server = try LoopbackHTTPServer(address: "127.0.0.20") { request in
            switch request.pathWithoutQuery {
            case "/":
                return .html("""
                    <title>Home</title><a href="/ok">ok</a><a href="/missing">404</a><a href="/error">500</a>
                    <a href="/flaky">flaky</a><a href="/r1">chain</a><a href="/loop1">loop</a>
                    """)
            case "/ok": return .html("<title>OK page</title>")
            case "/error": return .text("boom", status: 500)
            case "/flaky":
                let call = flakyCalls.withLock { $0 += 1; return $0 }
                return call == 1 ? .text("busy", status: 503) : .html("<title>Recovered</title>")
            case "/r1": return .redirect(to: "/r2")
            case "/r2": return .redirect(to: "/r3", status: 302)
            case "/r3": return .html("<title>End of chain</title>")
            case "/loop1": return .redirect(to: "/loop2")
            case "/loop2": return .redirect(to: "/loop1")
            default: return .notFound
            }
        }
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        let summary = try await harness.crawl()

        #expect(try harness.row(server.url("/ok")) == JobRow(columns: ["done", "1", "200", nil, "OK page", server.url("/ok"), "1"]))
        let missing = try #require(try harness.row(server.url("/missing")))
        #expect(missing.state == "done" && missing.status == 404 && missing.error == nil && missing.attempts == 1)
        let error = try #require(try harness.row(server.url("/error")))
        #expect(error.state == "failed" && error.status == 500 && error.attempts == 3)
        #expect(error.error == "HTTP 500 (after 3 attempts)")
        #expect(server.requestCount(path: "/error") == 3, "--retries 2: at most 3 requests")
        let flaky = try #require(try harness.row(server.url("/flaky")))
        #expect(flaky.state == "done" && flaky.status == 200 && flaky.attempts == 2 && flaky.title == "Recovered")
        let chain = try #require(try harness.row(server.url("/r1")))
        #expect(chain.state == "done" && chain.finalURL == server.url("/r3") && chain.title == "End of chain")
        let loop = try #require(try harness.row(server.url("/loop1")))
        #expect(loop.state == "failed" && loop.error?.contains("redirect loop") == true)
        #expect(try harness.test.int("SELECT count(*) FROM jobs WHERE state IN ('queued', 'in_progress')") == 0)
        #expect(summary.done == 5 && summary.failed == 2 && summary.retried == 3)
        #expect(summary.ending == .queueEmpty)
    }

    @Test("a connection refused is retried with back-off, then failed with the reason", arguments: StoreKind.allCases)
    func unreachableHost(kind: StoreKind) async throws {
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue(["http://127.0.0.21:1/"])
        let started = MonotonicTime.now()
        _ = try await harness.crawl(CrawlHarness.options { $0.retries = 2; $0.retryDelay = 0.2; $0.maxRetryDelay = 1 })
        let row = try #require(try harness.row("http://127.0.0.21:1/"))
        #expect(row.state == "failed" && row.attempts == 3 && row.status == nil)
        #expect(row.error?.hasPrefix("connect: connection refused (curl: ") == true, "\(row)")
        // Two back-offs of at least 0.1 s (0.2 s × jitter ≥ 0.5) and 0.2 s: never a tight loop.
        #expect(MonotonicTime.now() - started >= 0.3)
    }

    @Test("--max-pages stops the run after that many pages; the next run goes on", arguments: StoreKind.allCases)
    func maxPages(kind: StoreKind) async throws {
        let pages = Dictionary(uniqueKeysWithValues: (0..<30).map { n in
            ("/p\(n)", ServerResponse.html("<title>\(n)</title><a href=\"/p\(n + 1)\">next</a>"))
        })
        let server = try LoopbackHTTPServer(address: "127.0.0.22", handler: Routes.site(pages))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/p0")])
        let first = try await harness.crawl(CrawlHarness.options { $0.maxPages = 10 })
        #expect(first.ending == .maxPages && first.pages == 10)
        #expect(try harness.test.int("SELECT count(*) FROM pages") == 10)
        #expect(try harness.test.int("SELECT count(*) FROM jobs WHERE state = 'in_progress'") == 0)
        let second = try await harness.crawl()
        #expect(second.ending == .queueEmpty)
        #expect(try harness.test.int("SELECT count(*) FROM pages") == 31)
        #expect(server.requestLog.count == 31, "no page fetched twice")
    }
}

enum MonotonicTime {
    static func now() -> Double { LoopbackHTTPServer.monotonicNow() }
}
