import Foundation
import LoopbackServer
import Testing
@testable import TrawlCrawl
@testable import TrawlStore
import TrawlSync

@Suite("Results: the views of schema.sql", .serialized)
struct ResultsViewsTests {
    /// Two hosts. A: a home page linking to a good page, a missing one (404), an old address (301), a page
    /// that fails (500), host B, and a closed port; its good page links to the missing one too. B: a home
    /// page linking back to A and to its own missing page.
    static func crawl(_ harness: CrawlHarness) async throws -> (a: LoopbackHTTPServer, b: LoopbackHTTPServer) {
        let gone = try LoopbackHTTPServer(address: "127.0.0.95", handler: { _ in .notFound })
        gone.stop()  // its address:port now refuses connections
        let closed = gone.url("/")
        let homeOfA = ThreadLock("")
        let b = try LoopbackHTTPServer(address: "127.0.0.94", handler: { request in
            let a = homeOfA.withLock { $0 }
            return request.path == "/" ? .html("<title>B home</title><a href='\(a)ok'>a</a><a href='/b404'>m</a>")
                : .notFound
        })
        let a = try LoopbackHTTPServer(address: "127.0.0.93", handler: Routes.site([
            "/": .html("<title>A home</title>" + ["/ok", "/missing", "/old", "/err", b.url("/"), closed]
                .map { "<a href='\($0)'>x</a>" }.joined()),
            "/ok": .html("<title>OK</title><a href='/missing'>m</a><a href='/'>home</a>"),
            "/ok2": .html("<title>OK 2</title>"),
            "/old": .redirect(to: "/ok2"),
            "/err": .text("boom", status: 500),
        ]))
        homeOfA.withLock { $0 = a.url("/") }
        try await harness.enqueue([a.url("/")])
        _ = try await harness.crawl(CrawlHarness.options {
            $0.follow = .all
            $0.retries = 0
            $0.ignoreRobots = true
            $0.allowPrivate = true
        })
        return (a, b)
    }

    @Test("broken_links, redirects, host_summary and crawl_progress after a crawl of a loopback site", arguments: StoreKind.allCases)
    func viewsAfterCrawl(kind: StoreKind) async throws {
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        let (a, b) = try await Self.crawl(harness)
        defer { a.stop(); b.stop() }
        let test = harness.test

        let broken = try test.rows("SELECT page_url, link_url, status, error FROM broken_links ORDER BY 1, 2")
        let closedLink = try #require(broken.first { $0[1]!.hasPrefix("http://127.0.0.95:") })
        #expect(closedLink[0] == a.url("/") && closedLink[2] == nil)
        #expect(closedLink[3]?.hasPrefix("connect: connection refused") == true, "\(closedLink)")
        #expect(broken.filter { $0 != closedLink } == [
            [a.url("/"), a.url("/err"), "500", "HTTP 500"],
            [a.url("/"), a.url("/missing"), "404", nil],
            [a.url("/ok"), a.url("/missing"), "404", nil],
            [b.url("/"), b.url("/b404"), "404", nil],
        ].sorted { ($0[0]!, $0[1]!) < ($1[0]!, $1[1]!) })

        #expect(try test.rows("SELECT url, final_url, status FROM redirects")
                == [[a.url("/old"), a.url("/ok2"), "200"]])

        // host_summary against the same figures computed here from the tables.
        let summary = try test.rows("""
            SELECT host, jobs, queued, in_progress, done, failed, pages, errors, bytes, mean_ms, p95_ms
            FROM host_summary ORDER BY host
            """)
        let closedHost = String(closedLink[1]!.dropFirst("http://".count).dropLast())
        #expect(summary.map { $0[0]! } == [Results.hostKey(a), Results.hostKey(b), closedHost])
        for row in summary {
            let host = row[0]!
            let jobs = try test.rows("SELECT state FROM jobs WHERE host = '\(host)'").map { $0[0]! }
            let pages = try test.rows("""
                SELECT p.elapsed_ms, p.error, p.bytes FROM pages p JOIN jobs j ON j.id = p.job_id
                WHERE j.host = '\(host)'
                """)
            let times = pages.compactMap { $0[0].flatMap { Int($0) } }.sorted()
            let mean = times.isEmpty ? nil : (Double(times.reduce(0, +)) / Double(times.count) * 10).rounded() / 10
            let p95 = times.isEmpty ? nil : times[Int((Double(times.count) * 0.95).rounded(.up)) - 1]
            #expect(row[1] == String(jobs.count))
            #expect(row[4] == String(jobs.filter { $0 == "done" }.count))
            #expect(row[5] == String(jobs.filter { $0 == "failed" }.count))
            #expect(row[6] == String(pages.count) && row[7] == String(pages.filter { $0[1] != nil }.count))
            #expect(row[8] == String(pages.compactMap { $0[2].flatMap { Int($0) } }.reduce(0, +)))
            #expect(row[9].flatMap { Double($0) } == mean, "\(host) mean")
            #expect(row[10] == p95.map(String.init), "\(host) p95")
        }

        // The view's "last minute" and "last 5 minutes", against the same counts computed another way in the
        // same statement (one 'now'): all pages when the test runs fast, fewer when a loaded machine or a
        // sanitizer made it take minutes.
        let sinceMinutes: (Int) -> String = switch kind {
        case .sqlite: { "julianday(fetched_at) >= julianday('now') - \($0).0 / 1440" }
        case .postgres: { "fetched_at::timestamptz >= now() - interval '\($0) minutes'" }
        }
        let row = try #require(try test.rows("""
            SELECT *, (SELECT count(*) FROM pages WHERE \(sinceMinutes(1))),
                      (SELECT count(*) FROM pages WHERE \(sinceMinutes(5)))
            FROM crawl_progress
            """).first)
        let progress = Array(row.dropLast(2))
        let (lastMinute, lastFiveMinutes) = (row[row.count - 2] ?? "", row[row.count - 1] ?? "")
        let pages = try test.int("SELECT count(*) FROM pages")
        let done = try test.int("SELECT count(*) FROM jobs WHERE state = 'done'")
        let failed = try test.int("SELECT count(*) FROM jobs WHERE state = 'failed'")
        let lastFetched = try test.rows("SELECT max(fetched_at) FROM pages")[0][0]
        #expect(progress == ["0", "0", String(done), String(failed), String(done + failed), "100.0", lastMinute,
                             lastFiveMinutes, lastFetched, "0"])
        #expect((Int(lastMinute) ?? -1) <= (Int(lastFiveMinutes) ?? -1) && (Int(lastFiveMinutes) ?? .max) <= pages,
                "last minute \(lastMinute) ≤ last 5 minutes \(lastFiveMinutes) ≤ pages \(pages)")
        #expect(done == 6 && failed == 2, "A: /, /ok, /old, /missing; B: /, /b404; failed: /err, closed port")
    }

    @Test("host_summary: mean and nearest-rank p95 of elapsed_ms on known values")
    func hostSummaryPercentiles() throws {
        let test = try TestStore()
        defer { test.remove() }
        // a.test: 1…100 ms (p95 95); b.test: 1…20 ms (p95 19); c.test: one page of 7 ms; d.test: queued only.
        try Results.sqlite3(test.path, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
            INSERT INTO jobs (id, url, host, depth, state)
            SELECT i, 'http://a.test/' || i, 'a.test', 0, 'done' FROM n
            UNION ALL SELECT 100 + i, 'http://b.test/' || i, 'b.test', 0, 'done' FROM n WHERE i <= 20
            UNION ALL SELECT 200, 'http://c.test/', 'c.test', 0, 'failed'
            UNION ALL SELECT 201, 'http://d.test/', 'd.test', 0, 'queued';
            INSERT INTO pages (job_id, url, status, bytes, fetched_at, elapsed_ms, error)
            SELECT id, url, CASE WHEN state = 'done' THEN 200 END, 10, '2026-01-01T00:00:00.000Z',
                   CASE WHEN id <= 100 THEN id WHEN id < 200 THEN id - 100 ELSE 7 END,
                   CASE WHEN state = 'failed' THEN 'timed out' END
            FROM jobs WHERE state <> 'queued';
            """)
        let rows = try test.rows("""
            SELECT host, jobs, queued, done, failed, pages, errors, bytes, mean_ms, p95_ms
            FROM host_summary ORDER BY host
            """)
        #expect(rows == [
            ["a.test", "100", "0", "100", "0", "100", "0", "1000", "50.5", "95"],
            ["b.test", "20", "0", "20", "0", "20", "0", "200", "10.5", "19"],
            ["c.test", "1", "0", "0", "1", "1", "1", "10", "7.0", "7"],
            ["d.test", "1", "1", "0", "0", "0", "0", "0", nil, nil],
        ])
    }
}
