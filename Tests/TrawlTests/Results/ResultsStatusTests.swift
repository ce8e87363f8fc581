import Foundation
import LoopbackServer
import Testing
@testable import TrawlStore

@Suite("Results: trawl status", .serialized)
struct ResultsStatusTests {
    /// A site of 6 good pages, 2 that always answer 500 and 1 missing (404).
    static func site() -> @Sendable (ServerRequest) -> ServerResponse {
        Routes.site([
            "/": .html("<title>Home</title>" + ["/a", "/b", "/c", "/d", "/e", "/err1", "/err2", "/missing"]
                .map { "<a href='\($0)'>x</a>" }.joined()),
            "/a": .html("<title>A</title>"), "/b": .html("<title>B</title>"), "/c": .html("<title>C</title>"),
            "/d": .html("<title>D</title>"), "/e": .html("<title>E</title>"),
            "/err1": .text("boom", status: 500), "/err2": .text("boom", status: 500),
        ])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("status --json after a crawl: one JSON document with the counts, hosts, errors and throughput")
    func jsonAfterCrawl() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.91", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        #expect(try await CLIRunner.run(["crawl", "--db", db, "--retries", "0"]).status == 0)

        let result = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1, "one line, one document")
        let status = try Self.json(result.stdout)
        #expect(status["database"] as? String == db)
        #expect(status["schema_version"] as? Int == Int(Schema.version))
        let jobs = try #require(status["jobs"] as? [String: Int])
        #expect(jobs == ["total": 9, "queued": 0, "in_progress": 0, "done": 7, "failed": 2])
        #expect(status["crawlers"] as? Int == 0)
        #expect(status["host_count"] as? Int == 1)
        let hosts = try #require(status["hosts"] as? [[String: Any]])
        #expect(hosts.count == 1)
        #expect(hosts.first?["host"] as? String == Results.hostKey(server))
        #expect(hosts.first?["done"] as? Int == 7 && hosts.first?["failed"] as? Int == 2
                && hosts.first?["total"] as? Int == 9)
        let errors = try #require(status["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["reason"] as? String == "HTTP 500" && errors.first?["count"] as? Int == 2)
        let throughput = try #require(status["throughput"] as? [String: Any])
        #expect(throughput["last_minute"] as? Int == 9 && throughput["last_5_minutes"] as? Int == 9)
        // The crawl is seconds old: the rate divides by the seconds it has run, not by a whole minute.
        let perSecond = try #require(throughput["pages_per_second_last_minute"] as? Double)
        let window = try #require(throughput["window_seconds_last_minute"] as? Double)
        #expect(window >= 1 && window < 60, "a crawl younger than a minute: \(window)")
        #expect(abs(perSecond - 9.0 / window) < 0.001)
        let responses = try #require(status["responses"] as? [String: Int])
        #expect(responses == ["2xx": 6, "3xx": 0, "4xx": 1, "5xx": 2, "no_response": 0, "robots_blocked": 0], "\(responses)")
        let last = try #require(throughput["last_fetched_at"] as? String)
        #expect(try CLIQuery.rows(db, "SELECT max(fetched_at) FROM pages") == [last])

        let text = try await CLIRunner.run(["status", "--db", db])
        #expect(text.status == 0)
        #expect(text.stdout.contains("jobs: 9  queued 0  in_progress 0  done 7  failed 2  (100.0% finished)"))
        #expect(text.stdout.contains("throughput: 9 pages in the last minute"))
        #expect(text.stdout.contains("responses: 2xx 6, 4xx 1, 5xx 2\n"), "\(text.stdout)")
        #expect(text.stdout.contains("errors (most common first):\n  2  HTTP 500"), "\(text.stdout)")
    }

    @Test("status while a crawl runs: it answers, and counts the running crawler")
    func whileCrawling() async throws {
        // Pages from /p20 on hang: the crawl is surely still running while status is asked, however slowly
        // the machine (or a sanitizer) runs.
        let chain = Results.chainSite(count: 200, delay: 0.05)
        let server = try LoopbackHTTPServer(address: "127.0.0.91") { request in
            let response = chain(request)
            return (Int(request.pathWithoutQuery.dropFirst(2)) ?? 0) >= 20 ? response.delivered(.neverRespond) : response
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let (process, _, _) = try CLIRunner.start(["crawl", "--db", db, "--workers", "2", "--max-depth", "unlimited"])
        defer {
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
        }
        let pages = { Int((try? CLIQuery.rows(db, "SELECT count(*) FROM pages").first) ?? "") ?? 0 }
        #expect(try await eventually(timeout: 20) { pages() >= 5 })
        let result = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let status = try Self.json(result.stdout)
        #expect(status["crawlers"] as? Int == 1)
        let jobs = try #require(status["jobs"] as? [String: Int])
        #expect((jobs["done"] ?? 0) >= 5 && (jobs["total"] ?? 0) > (jobs["done"] ?? 0))
        #expect(try CLIQuery.rows(db, "SELECT crawlers FROM crawl_progress") == ["1"])
        // Stop it and await its exit here, so that the `defer` above does not block a pool thread waiting.
        process.interrupt()
        _ = try await exited(process, timeout: 30)
    }

    @Test("status on 200,000 generated jobs: totals, top hosts, errors by kind and throughput are exact")
    func largeDatabase() async throws {
        let test = try TestStore()
        defer { test.remove() }
        // 200,000 jobs on 50 hosts (host i % 50, so hosts 0…49 have 4,000 jobs each); states by i % 10:
        // 0 failed, 1 queued, 2 in_progress, else done. Failed pages time out (detail varies by job) or
        // answer "HTTP 503 (after 3 attempts)"; pages were fetched 10 s, 150 s or an hour ago, by i % 3.
        try await Results.sqlite3(test.path, """
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
            INSERT INTO jobs (id, url, host, depth, state)
            SELECT i, 'http://h' || (i % 50) || '.test/p' || i, 'h' || (i % 50) || '.test', i % 4,
                   CASE i % 10 WHEN 0 THEN 'failed' WHEN 1 THEN 'queued' WHEN 2 THEN 'in_progress' ELSE 'done' END
            FROM n;
            INSERT INTO pages (job_id, url, final_url, status, fetched_at, elapsed_ms, error)
            SELECT id, url, url, CASE WHEN state = 'done' THEN 200 END,
                   strftime('%Y-%m-%dT%H:%M:%fZ', 'now', CASE id % 3 WHEN 0 THEN '-10 seconds'
                                                                WHEN 1 THEN '-150 seconds' ELSE '-1 hour' END),
                   id % 700,
                   CASE WHEN state <> 'failed' THEN NULL
                        WHEN id % 20 = 0 THEN 'timed out: Operation timed out after ' || (5000 + id % 977) || ' ms'
                        ELSE 'HTTP 503 (after 3 attempts)' END
            FROM jobs WHERE state IN ('done', 'failed');
            COMMIT;
            """)
        let report = try await test.store.statusReport(topHosts: 5, topErrors: 10)
        #expect(report.queue.total == 200_000)
        #expect(report.queue.queued == 20_000 && report.queue.inProgress == 20_000)
        #expect(report.queue.failed == 20_000 && report.queue.done == 140_000)
        #expect(report.queue.hostCount == 50)
        // Every host has 4,000 jobs: ties are broken by name.
        #expect(report.queue.topHosts.map(\.host) == ["h0.test", "h1.test", "h10.test", "h11.test", "h12.test"])
        #expect(report.queue.topHosts.allSatisfy { $0.total == 4_000 })
        let h1 = try #require(report.queue.topHosts.first { $0.host == "h1.test" })
        let h1Queued = try test.int("SELECT count(*) FROM jobs WHERE host = 'h1.test' AND state = 'queued'")
        #expect(h1.queued == h1Queued && h1Queued == 4_000)  // i % 50 == 1 implies i % 10 == 1: all queued
        // Failed jobs are those with i % 10 == 0; of them, i % 20 == 0 timed out: half each.
        #expect(report.errors.map(\.reason) == ["HTTP 503", "timed out"])
        #expect(report.errors.map(\.count) == [10_000, 10_000])
        #expect(report.errors[1].example.hasPrefix("timed out: Operation timed out after "))
        let lastMinute = try test.int("SELECT count(*) FROM jobs WHERE state IN ('done', 'failed') AND id % 3 = 0")
        let lastFive = try test.int("SELECT count(*) FROM jobs WHERE state IN ('done', 'failed') AND id % 3 <> 2")
        #expect(report.throughput.lastMinute == lastMinute)
        #expect(report.throughput.lastFiveMinutes == lastFive)
        #expect(report.crawlers == 0 && report.schemaVersion == Int(Schema.version))

        // The same through the binary, as JSON.
        let result = try await CLIRunner.run(["status", "--db", test.path, "--json", "--hosts", "2", "--errors", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let status = try Self.json(result.stdout)
        #expect((status["jobs"] as? [String: Int])?["total"] == 200_000)
        #expect((status["hosts"] as? [[String: Any]])?.count == 2)
        #expect((status["errors"] as? [[String: Any]])?.first?["count"] as? Int == 10_000)
    }

    @Test("kinds of error: Swift (end-of-crawl summary) and SQL (status, error_kinds) agree, from the index")
    func errorKindsAgree() throws {
        let messages = [
            "timed out: Operation timed out after 5001 milliseconds", "HTTP 503 (after 3 attempts)", "HTTP 404",
            "could not connect: Failed to connect to a.test port 80: Connection refused", "robots.txt",
            "robots.txt unreachable: could not connect: x", "stalled (no byte for 10 s)", "  padded  : x", "(odd)",
            ":", "", "trailing spaces   ", "Ünïcødé: détail",
            "refused: redirect to a scheme other than http/https (ftp)",
        ]
        let test = try TestStore()
        defer { test.remove() }
        for (index, message) in messages.enumerated() {
            let quoted = message.replacing("'", with: "''")
            _ = try test.rows("""
                INSERT INTO jobs (id, url, host, depth, state)
                VALUES (\(index + 1), 'http://a.test/\(index)', 'a.test', 0, 'failed')
                """)
            _ = try test.rows("""
                INSERT INTO pages (job_id, url, fetched_at, error)
                VALUES (\(index + 1), 'http://a.test/\(index)', 'x', '\(quoted)')
                """)
        }
        let sql = try test.rows("SELECT error, \(ErrorReason.sql) FROM pages ORDER BY job_id")
        #expect(sql.map { $0[1] } == messages.map { ErrorReason.of($0) })
        #expect(Schema.sql.contains("ON pages(\(ErrorReason.sql))"))
        #expect(Schema.sql.contains("SELECT \(ErrorReason.sql) AS kind"))
        let plan = try test.rows("EXPLAIN QUERY PLAN SELECT kind, pages FROM error_kinds").map { $0.last! ?? "" }
        #expect(plan.contains { $0.contains("USING INDEX pages_by_error_kind") }, "\(plan)")
        let example = try test.rows(
            "EXPLAIN QUERY PLAN SELECT error FROM pages WHERE error IS NOT NULL AND \(ErrorReason.sql) = 'x' LIMIT 1")
        #expect(example.contains { ($0.last! ?? "").contains("USING INDEX pages_by_error_kind") }, "\(example)")
        // "(odd)", ":" and "" have an empty kind: the most common here; then by name.
        #expect(try test.rows("SELECT kind, pages FROM error_kinds LIMIT 3")
                == [["", "3"], ["  padded", "1"], ["HTTP 404", "1"]])
    }
}

