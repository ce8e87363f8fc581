import Foundation
import LoopbackServer
import Testing
@testable import TrawlStore

/// The `trawl` binary on `--db postgres://…`: the commands users run, against a loopback site, on a database
/// of the tests' private PostgreSQL cluster.
@Suite("CLI: a crawl on PostgreSQL")
struct CLIPostgresTests {
    /// Five pages linking each other and one missing page.
    static func site() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer(address: "127.0.0.141") { request in
            let path = request.pathWithoutQuery
            guard path.hasPrefix("/p"), let n = Int(path.dropFirst(2)), (0..<5).contains(n) else { return .notFound }
            let links = ["/p\((n + 1) % 5)", "/p\((n + 2) % 5)", "/missing"].map { "<a href=\"\($0)\">x</a>" }
            return .html("<title>Page \(n)</title>" + links.joined())
        }
    }

    @Test("enqueue, crawl, status, export, retry and index work on a postgres:// URL; the password is never shown")
    func commandsOnPostgres() async throws {
        let server = try Self.site()
        defer { server.stop() }
        let db = try await TestPostgres.shared.createDatabase()
        defer { TestPostgres.shared.dropDatabase(db) }
        let enqueue = try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")])
        #expect(enqueue.status == 0, "\(enqueue.stderr)")
        let crawl = try await CLIRunner.run(["crawl", "--db", db, "--ignore-robots", "--follow", "host"], timeout: 90)
        #expect(crawl.status == 0, "\(crawl.stderr)")
        #expect(Set(server.requestLog.map(\.path)) == ["/p0", "/p1", "/p2", "/p3", "/p4", "/missing"])
        #expect(server.requestLog.count == 6, "each page fetched once")

        let status = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let jobs = report?["jobs"] as? [String: Any]
        #expect(jobs?["done"] as? Int == 6 && jobs?["queued"] as? Int == 0, "\(status.stdout)")

        let export = try await CLIRunner.run(["export", "--db", db, "--links", "--format", "jsonl"])
        #expect(export.status == 0, "\(export.stderr)")
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.contains { $0.contains("\"title\":\"Page 3\"") && $0.contains(server.url("/missing")) })

        let broken = try await rows(db, "SELECT count(*) FROM broken_links")
        #expect(broken == [["5"]], "every page links the missing one")
        let retry = try await CLIRunner.run(["retry", "--db", db, "--status", "404"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try await rows(db, "SELECT state FROM jobs WHERE url LIKE '%/missing'") == [["queued"]])
        let index = try await CLIRunner.run(["index", "--db", db])
        #expect(index.status == 0, "\(index.stderr)")

        // A password in the URL is used, never printed: a wrong one fails with the URL shown without it.
        let refused = try await CLIRunner.run(["status", "--db", "postgresql://crawler:s3cret-pw@127.0.0.1:1/crawl"])
        #expect(refused.status == 3 && refused.stderr.contains("postgresql://crawler@127.0.0.1:1/crawl"),
                "\(refused.stderr)")
        #expect(!refused.stderr.contains("s3cret-pw") && !refused.stdout.contains("s3cret-pw"))
    }

    @Test("a database with other tables is refused, a missing one is named, a newer schema is refused")
    func refusals() async throws {
        let other = try await TestPostgres.shared.createDatabase()
        defer { TestPostgres.shared.dropDatabase(other) }
        _ = try await rows(other, "CREATE TABLE invoices (id int)")
        let refused = try await CLIRunner.run(["enqueue", "--db", other, "http://127.0.0.1/"])
        #expect(refused.status == 3 && refused.stderr.contains("no trawl_meta table"), "\(refused.stderr)")
        #expect(try await rows(other, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [["1"]])

        let empty = try await TestPostgres.shared.createDatabase()
        defer { TestPostgres.shared.dropDatabase(empty) }
        let missing = try await CLIRunner.run(["status", "--db", empty])
        #expect(missing.status == 66, "\(missing.stderr)")
        let created = try await CLIRunner.run(["enqueue", "--db", empty, "http://127.0.0.1/"])
        #expect(created.status == 0, "\(created.stderr)")
        _ = try await rows(empty, "UPDATE trawl_meta SET value = '99' WHERE key = 'schema_version'")
        let newer = try await CLIRunner.run(["status", "--db", empty])
        #expect(newer.status == 3 && newer.stderr.contains("schema version 99, newer"), "\(newer.stderr)")
    }

    /// Runs SQL on the database in this process, off the cooperative pool.
    func rows(_ url: String, _ sql: String) async throws -> [[String?]] {
        try await offPool { try PGConnection(PostgresTarget(url)).query(sql).rows }
    }
}
