import LoopbackServer
import Testing
import TrawlFetch
@testable import TrawlCrawl
@testable import TrawlStore

/// Re-fetches are conditional: the stored ETag / Last-Modified go back as If-None-Match / If-Modified-Since
/// (the server counts them), a 304 keeps the page, a 200 replaces it, and every fetch adds a `fetches` row.
@Suite("Recrawl: conditional re-fetches", .serialized)
struct RecrawlConditionalTests {
    static let home = "<html><head><title>Home</title></head><body><a href='/a'>a</a></body></html>"
    static let pageA = "<html><head><title>A one</title></head><body><a href='/'>home</a></body></html>"
    static let plain = "<html><head><title>Plain</title></head><body>no links, no validators</body></html>"
    static let pageA2 = "<html><head><title>A two</title></head><body><a href='/b'>b</a></body></html>"

    /// Puts every finished job back in the queue as `trawl recrawl` does, after ageing them by an hour.
    static func recrawlAll(_ harness: CrawlHarness) async throws -> Int {
        _ = try harness.test.rows("UPDATE jobs SET updated_at = '2026-01-01T00:00:00.000Z' WHERE state = 'done'")
        let store = harness.test.store
        let due = try await store.finishedJobs(
            FinishedJobFilter(finishedBefore: WallClock.now() - 3600), after: .start, limit: 100)
        return try await store.requeueForRecrawl(due.map(\.id))
    }

    @Test("ETag: a 304 keeps title, links and hash; a changed page gives a 200, a new hash and new links", arguments: StoreKind.allCases)
    func etagRecrawl(kind: StoreKind) async throws {
        let site = ConditionalSite(["/": Self.home, "/a": Self.pageA, "/b": Self.pageA], validators: .etag)
        let server = try LoopbackHTTPServer(address: "127.0.0.131", handler: site.handler)
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        let urlA = server.url("/a")
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl()
        #expect(site.requests("/a") == 1 && site.conditionalRequests("/a") == 0)
        let hashA1 = BodyHash.of(Array(Self.pageA.utf8))
        let versionQuery = "SELECT v.etag, v.last_modified, v.body_hash FROM page_versions v JOIN jobs j ON j.id = v.job_id "
            + "WHERE j.url = '\(urlA)'"
        #expect(try harness.test.rows(versionQuery) == [["\"v1\"", nil, String(hashA1)]])

        // Unchanged: conditional requests, 304s, nothing replaced.
        #expect(try await Self.recrawlAll(harness) == 2)
        _ = try await harness.crawl()
        #expect(site.conditionalRequests("/a") == 1 && site.notModifiedResponses("/a") == 1)
        #expect(site.lastConditions("/a").ifNoneMatch == "\"v1\"")
        #expect(site.conditionalRequests("/") == 1 && site.notModifiedResponses("/") == 1)
        #expect(try harness.row(urlA)?.title == "A one")
        #expect(try harness.row(urlA)?.status == 200)
        #expect(try harness.links(of: urlA) == [server.url("/")])
        #expect(try harness.test.rows(versionQuery) == [["\"v1\"", nil, String(hashA1)]])
        let fetchQuery = "SELECT f.status, f.body_hash FROM fetches f JOIN jobs j ON j.id = f.job_id "
            + "WHERE j.url = '\(urlA)' ORDER BY f.at"
        #expect(try harness.test.rows(fetchQuery) == [["200", String(hashA1)], ["304", String(hashA1)]])
        #expect(try harness.test.int("SELECT count(*) FROM page_changes") == 0)

        // Changed: a 200 with the new version, its hash, its links.
        site.update("/a", html: Self.pageA2)
        #expect(try await Self.recrawlAll(harness) == 2)
        _ = try await harness.crawl()
        #expect(site.conditionalRequests("/a") == 2 && site.notModifiedResponses("/a") == 1)
        let hashA2 = BodyHash.of(Array(Self.pageA2.utf8))
        #expect(hashA2 != hashA1)
        #expect(try harness.row(urlA)?.title == "A two")
        #expect(try harness.links(of: urlA) == [server.url("/b")])
        #expect(try harness.test.rows(versionQuery) == [["\"v2\"", nil, String(hashA2)]])
        #expect(try harness.test.rows(fetchQuery)
                == [["200", String(hashA1)], ["304", String(hashA1)], ["200", String(hashA2)]])
        #expect(try harness.test.rows("SELECT url, change, previous_hash, body_hash FROM page_changes")
                == [[urlA, "content", String(hashA1), String(hashA2)]])
        // The new link became a job and was fetched; one fetches row per request the server answered.
        #expect(site.requests("/b") == 1)
        let served = site.requests("/") + site.requests("/a") + site.requests("/b")
        #expect(try harness.test.int("SELECT count(*) FROM fetches") == served)
        #expect(try harness.test.int("SELECT count(*) FROM fetch_history WHERE fetched_at LIKE '20__-__-__T%Z'") == served)
    }

    @Test("Last-Modified only: If-Modified-Since goes back, a 304 keeps the page", arguments: StoreKind.allCases)
    func lastModifiedRecrawl(kind: StoreKind) async throws {
        let site = ConditionalSite(["/": Self.home, "/a": Self.pageA], validators: .lastModified)
        let server = try LoopbackHTTPServer(address: "127.0.0.132", handler: site.handler)
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl()
        #expect(try await Self.recrawlAll(harness) == 2)
        _ = try await harness.crawl()
        #expect(site.lastConditions("/a").ifModifiedSince == ConditionalSite.lastModified(version: 1))
        #expect(site.lastConditions("/a").ifNoneMatch == nil)
        #expect(site.notModifiedResponses("/a") == 1 && site.requests("/a") == 2)
        #expect(try harness.row(server.url("/a"))?.title == "A one")
        #expect(try harness.test.rows("SELECT status FROM fetches ORDER BY job_id, at") == [["200"], ["304"], ["200"], ["304"]])
    }

    @Test("without validators a re-fetch is unconditional; an error response is recorded with its kind", arguments: StoreKind.allCases)
    func noValidators(kind: StoreKind) async throws {
        let down = Switch(false)
        let server = try LoopbackHTTPServer(address: "127.0.0.133") { request in
            down.isOn ? .text("down", status: 500) : .html(Self.plain)
        }
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/a")])
        _ = try await harness.crawl()
        #expect(try await Self.recrawlAll(harness) == 1)
        _ = try await harness.crawl()
        #expect(server.requestLog.allSatisfy { $0.headers["if-none-match"] == nil && $0.headers["if-modified-since"] == nil })
        down.isOn = true
        #expect(try await Self.recrawlAll(harness) == 1)
        _ = try await harness.crawl(CrawlHarness.options { $0.retries = 0 })
        let hash = String(BodyHash.of(Array(Self.plain.utf8)))
        #expect(try harness.test.rows("SELECT status, error, body_hash FROM fetches ORDER BY at")
                == [["200", nil, hash], ["200", nil, hash], ["500", "HTTP 500", nil]])
    }

    @Test("with --header set, a re-fetch carries the user's header and If-None-Match in one request", arguments: StoreKind.allCases)
    func headersWithConditional(kind: StoreKind) async throws {
        let site = ConditionalSite(["/a": Self.plain], validators: .etag)
        let server = try LoopbackHTTPServer(address: "127.0.0.137", handler: site.handler)
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        let header = try RequestHeader(parsing: "X-Audit: recrawl-test")
        let options = CrawlHarness.options { $0.connector.headers = [header] }
        try await harness.enqueue([server.url("/a")])
        _ = try await harness.crawl(options)
        #expect(try await Self.recrawlAll(harness) == 1)
        _ = try await harness.crawl(options)
        // curl sends one CURLOPT_HTTPHEADER list: both kinds of line must be in it, on the same request.
        let requests = server.requestLog.filter { $0.path == "/a" }
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.headers["x-audit"] == "recrawl-test" }, "\(requests.map(\.headers))")
        #expect(requests.last?.headers["if-none-match"] == "\"v1\"")
        #expect(site.notModifiedResponses("/a") == 1)
        #expect(try harness.test.rows("SELECT status FROM fetches ORDER BY at") == [["200"], ["304"]])
    }
}
