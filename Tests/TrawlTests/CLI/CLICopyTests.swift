import Foundation
import LoopbackServer
import Testing
@testable import TrawlStore

/// `trawl copy`: a crawl moved SQLite → PostgreSQL → SQLite arrives whole, and continues where it stopped.
@Suite("CLI: trawl copy between SQLite and PostgreSQL")
struct CLICopyTests {
    /// What a crawl holds, table by table, in a form both backends print alike.
    static let snapshot = [
        "SELECT id, url, host, depth, state, attempts, parent_id, last_error FROM jobs ORDER BY id",
        "SELECT job_id, url, final_url, status, title, content_type, bytes, fetched_at, elapsed_ms, error FROM pages ORDER BY job_id",
        "SELECT job_id, url, kinds, nofollow FROM links ORDER BY job_id, url",
        "SELECT host, queued, in_progress, done, failed FROM hosts ORDER BY host",
        "SELECT origin, status, body FROM robots ORDER BY origin",
        "SELECT name, value FROM crawl_settings ORDER BY name",
        "SELECT id, started_at, ended_at, settings, pages, ending FROM crawl_runs ORDER BY id",
        "SELECT reason, links FROM links_not_queued ORDER BY reason",
    ]

    static func rows(_ store: ContractStore) throws -> [[[String?]]] {
        try snapshot.map { try store.rows($0) }
    }

    @Test("SQLite → PostgreSQL → SQLite keeps every row; the copy on PostgreSQL goes on as the same crawl")
    func roundTrip() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.142") { request in
            let path = request.pathWithoutQuery
            guard path.hasPrefix("/p"), let n = Int(path.dropFirst(2)), (0..<30).contains(n) else { return .notFound }
            return .html("<title>Page \(n)</title><a href='/p\(n + 1)'>next</a><a href='/p\(n + 2)'>skip</a>"
                         + "<a href='http://elsewhere.test/'>out</a>")
        }
        defer { server.stop() }
        let original = try ContractStore.sqlite()
        defer { original.remove() }
        #expect(try await CLIRunner.run(["enqueue", "--db", original.location, server.url("/p0")]).status == 0)
        let first = try await CLIRunner.run(["crawl", "--db", original.location, "--max-pages", "12",
                                             "--follow", "host", "--rate-per-host", "200"])
        #expect(first.status == 0, "\(first.stderr)")

        let postgres = try await TestPostgres.shared.createDatabase()
        defer { TestPostgres.shared.dropDatabase(postgres) }
        let there = try await CLIRunner.run(["copy", "--from", original.location, "--to", postgres])
        #expect(there.status == 0 && there.stdout.contains("jobs "), "\(there.stderr)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let back = directory.file("back.db")
        let again = try await CLIRunner.run(["copy", "--from", postgres, "--to", back])
        #expect(again.status == 0, "\(again.stderr)")
        let reopened = try SQLiteCrawlStore(path: back)
        let copied = try Self.snapshot.map { try reopened.query($0) }
        let expected = try Self.rows(original)
        #expect(expected[1].count >= 10 && expected[2].count > 20)
        for (index, sql) in Self.snapshot.enumerated() { #expect(copied[index] == expected[index], "\(sql)") }

        // A target that holds a crawl is refused; the copy on PostgreSQL continues the crawl where it stopped.
        let twice = try await CLIRunner.run(["copy", "--from", original.location, "--to", postgres])
        #expect(twice.status == 3 && twice.stderr.contains("already holds a crawl"), "\(twice.stderr)")
        let fetchedBefore = server.requestLog.count
        // The copy goes on as a crawl: the pages it has are known (duplicates), the rest are fetched.
        let more = try await CLIRunner.run(["enqueue", "--db", postgres, "--file", "-"],
                                           stdin: (0..<30).map { server.url("/p\($0)") }.joined(separator: "\n"))
        #expect(more.status == 0 && more.stdout.contains("duplicates \(expected[1].count)"), "\(more.stdout)")
        let resumed = try await CLIRunner.run(["crawl", "--db", postgres])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Set(server.requestLog.map(\.path)).count == server.requestLog.count, "no page fetched twice")
        #expect(server.requestLog.count > fetchedBefore)
        let pages = try await offPool {
            try PGConnection(PostgresTarget(postgres)).scalar("SELECT count(*) FROM pages WHERE status = 200")
        }
        #expect(pages == "30")
    }
}
