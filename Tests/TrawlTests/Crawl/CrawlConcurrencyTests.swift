import LoopbackServer
import Testing
@testable import TrawlCrawl
@testable import TrawlStore

@Suite("Crawl: limits through a whole crawl, and two crawlers on one queue")
struct CrawlConcurrencyTests {
    static func chainSite(pages: Int, delay: Double) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let n = Int(request.pathWithoutQuery.dropFirst(2)) ?? 0
            guard request.pathWithoutQuery.hasPrefix("/p"), n < pages else { return .notFound }
            let links = (1...3).map { "<a href='/p\(n * 3 + $0)'>l</a>" }.joined()
            return ServerResponse.html("<title>Page \(n)</title>\(links)").delivered(.delay(delay))
        }
    }

    @Test("many workers, --limit-per-host 2: the server never sees more than 2 connections")
    func perHostLimitInACrawl() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.28", handler: Self.chainSite(pages: 60, delay: 0.01))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([server.url("/p0")])
        let summary = try await harness.crawl(CrawlHarness.options {
            $0.workers = 16
            $0.connector.limitPerHost = 2
        })
        #expect(server.maxConcurrentConnections <= 2)
        #expect(server.maxConcurrentConnections == 2, "the per-host limit is used")
        #expect(try harness.test.int("SELECT count(*) FROM pages WHERE status = 200") == 60)
        let pages = try harness.test.int("SELECT count(*) FROM pages")
        #expect(summary.done == pages)
    }

    @Test("two crawlers sharing one database fetch every page exactly once, without lock errors")
    func twoCrawlersShareTheQueue() async throws {
        // Four hosts: a host is served by one crawler at a time (host leases), and with one worker and one
        // request per host a crawler leases at most two hosts, so both crawlers get work.
        let servers = try (141...144).map {
            try LoopbackHTTPServer(address: "127.0.0.\($0)", handler: Self.chainSite(pages: 40, delay: 0.005))
        }
        defer { servers.forEach { $0.stop() } }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue(servers.map { $0.url("/p0") })
        let secondStore = try SQLiteCrawlStore(path: harness.test.location)
        let options = CrawlHarness.options { $0.workers = 1; $0.connector.limitPerHost = 1 }
        async let first = Crawler(store: harness.test.store, options: options).run()
        async let second = Crawler(store: secondStore, options: options).run()
        let (a, b) = try await (first, second)
        let paths = servers.flatMap { server in server.requestLog.map { "\(server.address)\($0.path)" } }
        #expect(Set(paths).count == paths.count, "a page was fetched twice")
        let done = try harness.test.int("SELECT count(*) FROM jobs WHERE state = 'done'")
        #expect(try done == harness.test.int("SELECT count(*) FROM jobs"))
        #expect(a.pages + b.pages == paths.count)
        #expect(a.pages > 0 && b.pages > 0, "both crawlers took part: \(a.pages) + \(b.pages)")
        #expect(servers.allSatisfy { $0.maxConcurrentRequests <= 1 }, "one request per host across both crawlers")
    }
}
