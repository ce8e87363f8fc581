import Foundation
import Testing
@testable import TrawlStore

@Suite("Results: schema upgrades", .serialized)
struct ResultsMigrationTests {
    static let fixture = Results.repositoryRoot.appendingPathComponent("Tests/Fixtures/schema-v1.sql").path
    static let objects = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    static let contents = [
        "SELECT * FROM jobs ORDER BY id", "SELECT * FROM pages ORDER BY job_id", "SELECT job_id, url FROM links ORDER BY 1, 2",
        "SELECT * FROM hosts ORDER BY host", "SELECT * FROM trawl_meta ORDER BY key",
    ]

    /// A database as trawl 0.1 (schema version 1) made it, with a small crawl in it, made by the sqlite3 CLI
    /// from the version 1 schema kept in Tests/Fixtures.
    static func versionOneDatabase(_ path: String, extra: String = "") throws {
        try Results.sqlite3(path, """
            .read \(fixture)
            PRAGMA journal_mode = WAL;
            INSERT INTO jobs (id, url, host, depth, state, attempts, parent_id) VALUES
                (1, 'http://a.test/', 'a.test', 0, 'done', 1, NULL),
                (2, 'http://a.test/gone', 'a.test', 1, 'done', 1, 1),
                (3, 'http://a.test/old', 'a.test', 1, 'done', 1, 1),
                (4, 'http://b.test/', 'b.test', 1, 'failed', 3, 1),
                (5, 'http://a.test/next', 'a.test', 2, 'queued', 0, 3);
            INSERT INTO pages (job_id, url, final_url, status, title, fetched_at, elapsed_ms, error) VALUES
                (1, 'http://a.test/', 'http://a.test/', 200, 'Home', '2026-01-01T00:00:00.000Z', 12, NULL),
                (2, 'http://a.test/gone', 'http://a.test/gone', 404, 'Not Found', '2026-01-01T00:00:01.000Z', 3, NULL),
                (3, 'http://a.test/old', 'http://a.test/new', 200, 'New', '2026-01-01T00:00:02.000Z', 5, NULL),
                (4, 'http://b.test/', NULL, NULL, NULL, '2026-01-01T00:00:03.000Z', 5000, 'timed out: after 5000 ms');
            INSERT INTO links (job_id, url) VALUES
                (1, 'http://a.test/gone'), (1, 'http://a.test/old'), (1, 'http://b.test/'), (3, 'http://a.test/next');
            \(extra)
            """)
    }

    @Test("a version 1 database is upgraded in place on open: the same objects as a new one, every row kept")
    func upgradeFromVersionOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let old = directory.file("old.db")
        try Self.versionOneDatabase(old)
        #expect(try CLIQuery.rows(old, "PRAGMA user_version") == ["1"])
        let before = try Self.contents.map { try CLIQuery.rows(old, $0) }

        let upgraded = try SQLiteCrawlStore(path: old)
        let fresh = try SQLiteCrawlStore(path: directory.file("fresh.db"))
        #expect(try upgraded.query("PRAGMA user_version") == [[String(Schema.version)]])
        #expect(try upgraded.query(Self.objects) == fresh.query(Self.objects))
        #expect(try upgraded.query("PRAGMA application_id") == [[String(Schema.applicationID)]])
        let after = try Self.contents.map { try CLIQuery.rows(old, $0) }
        #expect(after == before)
        #expect(!before[0].isEmpty && !before[2].isEmpty)

        // The new views work on the old rows.
        #expect(try upgraded.query("SELECT page_url, link_url, status, error FROM broken_links ORDER BY 2") == [
            ["http://a.test/", "http://a.test/gone", "404", nil],
            ["http://a.test/", "http://b.test/", nil, "timed out: after 5000 ms"],
        ])
        #expect(try upgraded.query("SELECT url, final_url FROM redirects")
                == [["http://a.test/old", "http://a.test/new"]])
        #expect(try upgraded.query("SELECT queued, done, failed, total FROM crawl_progress") == [["1", "3", "1", "5"]])

        // Version 4: every link carried over is a followed <a> (page_links rebuilt with kinds and nofollow);
        // page_meta is there, empty; the links view's insert trigger fills the new columns.
        #expect(try upgraded.query("SELECT count(*), min(kinds), max(kinds), max(nofollow) FROM links")
                == [["4", "1", "1", "0"]])
        #expect(try upgraded.query("SELECT count(*) FROM page_meta") == [["0"]])
        try Results.sqlite3(old, """
            INSERT INTO links (job_id, url, kinds, nofollow) VALUES (2, 'http://a.test/canonical', 32, 1);
            INSERT INTO links (job_id, url) VALUES (2, 'http://a.test/plain');
            INSERT INTO page_meta (job_id, canonical_url, noindex) VALUES (2, 'http://a.test/canonical', 1);
            """)
        #expect(try upgraded.query("SELECT url, kinds, nofollow FROM links WHERE job_id = 2 ORDER BY url") == [
            ["http://a.test/canonical", "32", "1"], ["http://a.test/plain", "1", "0"],
        ])

        // Opening again changes nothing.
        let again = try SQLiteCrawlStore(path: old)
        #expect(try again.query(Self.objects) == fresh.query(Self.objects))
    }

    @Test("reading commands never upgrade; the first writing command (trawl index) does, and the data is usable")
    func binaryUpgrades() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let old = directory.file("old.db")
        try Self.versionOneDatabase(old)
        let refused = try await CLIRunner.run(["status", "--db", old])
        #expect(refused.status == 3 && refused.stderr.contains("schema version 1, older than this trawl's")
                && refused.stderr.contains("trawl index --db \(old)"), "\(refused.stderr)")
        #expect(try CLIQuery.rows(old, "PRAGMA user_version") == ["1"], "status changed nothing")
        let index = try await CLIRunner.run(["index", "--db", old])
        #expect(index.status == 0, "\(index.stderr)")
        let status = try await CLIRunner.run(["status", "--db", old, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"schema_version\":\(Schema.version)"))
        #expect(status.stdout.contains(#""jobs":{"total":5,"queued":1,"in_progress":0,"done":3,"failed":1}"#))
        #expect(try CLIQuery.rows(old, "PRAGMA user_version") == [String(Schema.version)])
        let retry = try await CLIRunner.run(["retry", "--db", old, "--error", "timed out"])
        #expect(retry.stdout == "queued again: 1 job\n")
    }

    @Test("an upgrade that fails changes nothing and says why; a newer database is refused")
    func failedUpgradeIsRolledBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let old = directory.file("old.db")
        // A user's own view named like one of version 2 makes the upgrade fail half-way.
        try Self.versionOneDatabase(old, extra: "CREATE VIEW redirects AS SELECT 1;")
        let objectsBefore = try CLIQuery.rows(old, Self.objects)
        #expect {
            _ = try SQLiteCrawlStore(path: old)
        } throws: { error in
            let text = "\(error)"
            return text.contains(old) && text.contains("schema version 1") && text.contains("redirects already exists")
        }
        #expect(try CLIQuery.rows(old, "PRAGMA user_version") == ["1"])
        #expect(try CLIQuery.rows(old, Self.objects) == objectsBefore, "no robots table, no index: nothing changed")
        let result = try await CLIRunner.run(["retry", "--db", old])
        #expect(result.status == 3 && result.stderr.contains("left as it was"), "\(result.stderr)")

        let newer = directory.file("newer.db")
        try Self.versionOneDatabase(newer, extra: "PRAGMA user_version = \(Schema.version + 1);")
        let refused = try await CLIRunner.run(["status", "--db", newer])
        #expect(refused.status == 3 && refused.stderr.contains("schema version \(Schema.version + 1), newer than this trawl supports (\(Schema.version))"))
        #expect(try CLIQuery.rows(newer, "PRAGMA user_version") == [String(Schema.version + 1)])
    }
}
