import LoopbackServer
import Testing
@testable import TrawlCrawl
@testable import TrawlStore

@Suite("Crawl: the index of links by target is built when a crawl ends, not kept up link by link")
struct CrawlQueryIndexTests {
    static let indexQuery = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'page_links_by_target'"

    /// The index as a new database has it (from schema.sql).
    static func freshDefinition() throws -> [[String?]] {
        let fresh = try TestStore()
        defer { fresh.remove() }
        return try fresh.rows(indexQuery)
    }

    /// A chain of `count` pages, each linking to the next and to the first, answered after `delay`.
    static func chain(_ count: Int, delay: Double = 0) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let n = Int(request.pathWithoutQuery.dropFirst(2)) ?? -1
            guard request.pathWithoutQuery.hasPrefix("/p"), (0..<count).contains(n) else { return .notFound }
            let next = n + 1 < count ? "<a href='/p\(n + 1)'>next</a>" : ""
            return ServerResponse.html("<title>\(n)</title><a href='/p0'>first</a>\(next)").delivered(.delay(delay))
        }
    }

    @Test("a crawl runs without the index and ends with it exactly as schema.sql defines it")
    func absentWhileCrawlingBuiltAtTheEnd() async throws {
        // 30 pages one after another, 30 ms each: about 0.9 s, so a commit (every 0.5 s) falls inside it.
        let server = try LoopbackHTTPServer(address: "127.0.0.110", handler: Self.chain(30, delay: 0.03))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        #expect(try harness.test.rows(Self.indexQuery).count == 1, "a new database has the index")
        try await harness.enqueue([server.url("/p0")])
        let crawl = Task { try await harness.crawl(CrawlHarness.options { $0.workers = 1 }) }
        var sawItAbsent = false
        for _ in 0..<300 where !sawItAbsent {  // up to 3 s
            sawItAbsent = try harness.test.int("SELECT count(*) FROM pages") > 0
                && harness.test.rows(Self.indexQuery).isEmpty
            try await Task.sleep(for: .milliseconds(10))
        }
        let summary = try await crawl.value
        #expect(summary.done == 30)
        #expect(sawItAbsent, "the index was dropped while pages were written")
        #expect(try harness.test.rows(Self.indexQuery) == Self.freshDefinition())
        // Reverse lookups are right, whichever way SQLite answers them.
        #expect(try harness.test.int("SELECT count(*) FROM links WHERE url = '\(server.url("/p0"))'") == 30)
    }

    @Test("an interrupted crawl leaves the index to the next crawl that finishes")
    func interruptedThenFinished() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.111", handler: Self.chain(40, delay: 0.02))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([server.url("/p0")])
        let crawler = Crawler(store: harness.test.store, options: CrawlHarness.options { $0.workers = 1 })
        let run = Task { try await crawler.run() }
        _ = try await eventually(timeout: 10) { try harness.test.int("SELECT count(*) FROM pages") >= 5 }
        crawler.stop()
        #expect(try await run.value.ending == .interrupted)
        #expect(try harness.test.rows(Self.indexQuery).isEmpty)
        _ = try await harness.crawl(CrawlHarness.options { $0.workers = 1 })
        #expect(try harness.test.int("SELECT count(*) FROM pages") == 40)
        #expect(try harness.test.rows(Self.indexQuery) == Self.freshDefinition())
    }

    @Test("small work on a big crawl keeps the index; the last crawler out builds it")
    func keptForSmallWorkBuiltByTheLastCrawler() async throws {
        let test = try TestStore()
        defer { test.remove() }
        let store = test.store
        _ = try await store.enqueue((0..<10).map { NewJob(url: "http://a.test/\($0)", host: "a.test", depth: 0) })
        let lease = try await store.registerCrawler()
        let claimed = try await store.claim(ClaimRequest(perHostTarget: 8, maxJobs: 8, held: [:]), for: lease).jobs
        let page = PageRecord(status: 200, fetchedAt: WallClock.iso8601(WallClock.now()))
        _ = try await store.record(claimed.map { .finished($0, .done, page, links: ["http://a.test/x"], discovered: []) })
        // 8 pages finished, 2 queued: a run of that size keeps the index, as does a --max-pages slice.
        #expect(try await store.suspendQueryIndexes(expectedPages: nil) == false)
        #expect(try test.rows(Self.indexQuery).count == 1)
        _ = try await store.enqueue((10..<30).map { NewJob(url: "http://a.test/\($0)", host: "a.test", depth: 0) })
        #expect(try await store.suspendQueryIndexes(expectedPages: 3) == false)
        // 22 queued against 8 finished: dropped.
        #expect(try await store.suspendQueryIndexes(expectedPages: nil) == true)
        #expect(try test.rows(Self.indexQuery).isEmpty)
        // Another crawler is still registered (this lease): not built yet.
        #expect(try await store.restoreQueryIndexes() == false)
        try await store.unregister(lease)
        #expect(try await store.restoreQueryIndexes() == true)
        #expect(try test.rows(Self.indexQuery) == Self.freshDefinition())
        #expect(try await store.restoreQueryIndexes() == false, "nothing left to build")
    }
}
