import Foundation
import Testing
@testable import TrawlStore

/// schema-postgres.sql against schema.sql, its upgrades, and how a PostgreSQL store opens by use.
@Suite("Store: the PostgreSQL schema and opening")
struct StorePostgresSchemaTests {
    /// Columns of every table and view, by name, as the database describes them.
    static func columns(_ test: ContractStore) throws -> [String: [String]] {
        let sql = switch test.kind {
        case .sqlite: """
            SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid
            """
        case .postgres: """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """
        }
        var columns: [String: [String]] = [:]
        for row in try test.rows(sql) { columns[row[0] ?? "", default: []].append(row[1] ?? "") }
        return columns
    }

    @Test("the same tables and views with the same columns as schema.sql; the binary embeds the file's bytes")
    func sameTablesAsSQLite() async throws {
        let sqlite = try await ContractStore.make(.sqlite)
        defer { sqlite.remove() }
        let postgres = try await ContractStore.make(.postgres)
        defer { postgres.remove() }
        let expected = try Self.columns(sqlite)
        #expect(expected.count > 20)
        #expect(try Self.columns(postgres) == expected)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schema-postgres.sql")
        #expect(try String(contentsOf: file, encoding: .utf8) == PostgresSchema.sql)
        #expect(try postgres.rows("SELECT value FROM trawl_meta WHERE key = 'schema_version'")
                == [[String(PostgresSchema.version)]])
    }

    @Test("a newer schema is refused by every use; an older one is upgraded step by step by writers, refused by readers")
    func versions() async throws {
        let test = try await ContractStore.make(.postgres)
        defer { test.remove() }
        _ = try test.rows("UPDATE trawl_meta SET value = '\(PostgresSchema.version + 1)' WHERE key = 'schema_version'")
        for access in [DatabaseAccess.create, .write, .read] {
            await #expect {
                _ = try await offPool { try PostgresCrawlStore(target: PostgresTarget(test.location), access: access) }
            } throws: { error in
                guard case StoreError.newerSchema(_, let version, let supported) = error else { return false }
                return version == PostgresSchema.version + 1 && supported == PostgresSchema.version
                    && "\(error)".contains("upgrade trawl")
            }
        }
        // The step mechanism: a database at version 6 gets step 7 applied and its version bumped, in one go.
        _ = try test.rows("UPDATE trawl_meta SET value = '6' WHERE key = 'schema_version'")
        await #expect {
            _ = try await offPool { try PostgresCrawlStore(target: PostgresTarget(test.location), access: .read) }
        } throws: { error in
            if case StoreError.olderSchema(_, 6, _) = error { true } else { false }
        }
        try await offPool {
            let connection = try PGConnection(PostgresTarget(test.location))
            try connection.transaction {
                try PostgresMigrations.upgrade(connection, from: 6, to: 7,
                                               steps: [7: "CREATE TABLE step_seven (id int)"], name: "test")
            }
            // No step known: refused with a message, nothing changed.
            #expect(throws: StoreError.self) {
                try connection.transaction { try PostgresMigrations.upgrade(connection, from: 5, to: 7, name: "test") }
            }
        }
        #expect(try test.rows("SELECT value FROM trawl_meta WHERE key = 'schema_version'") == [["7"]])
        #expect(try test.int("SELECT count(*) FROM step_seven") == 0)
    }

    @Test("a version 7 database gets step 8 (re-crawls) when a writer opens it, and then equals a new one")
    func upgradeFromSeven() async throws {
        let fresh = try await ContractStore.make(.postgres)
        defer { fresh.remove() }
        let old = try await ContractStore.make(.postgres)
        defer { old.remove() }
        // Version 7 as the first PostgreSQL release made it: step 8's objects are not there yet.
        for statement in ["DROP VIEW page_changes", "DROP VIEW fetch_history", "DROP INDEX jobs_finished_by_time",
                          "DROP TABLE fetches", "DROP TABLE page_versions",
                          "UPDATE trawl_meta SET value = '7' WHERE key = 'schema_version'"] {
            _ = try old.rows(statement)
        }
        #expect(try Self.columns(old) != Self.columns(fresh))
        _ = try await offPool { try PostgresCrawlStore(target: PostgresTarget(old.location), access: .write) }
        #expect(try old.rows("SELECT value FROM trawl_meta WHERE key = 'schema_version'") == [["8"]])
        #expect(try Self.columns(old) == Self.columns(fresh))
        let indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
        #expect(try old.rows(indexes) == fresh.rows(indexes))
        let views = "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() ORDER BY 1"
        #expect(try old.rows(views) == fresh.rows(views))
    }

    @Test("a connection the server ended (restart, network cut) is made again by the next call")
    func reconnects() async throws {
        let test = try await ContractStore.make(.postgres)
        defer { test.remove() }
        _ = try await test.store.enqueue([StoreQueueTests.job(1)])
        let name = try #require(test.location.split(separator: "/").last.map(String.init))
        try await offPool {
            let admin = try PGConnection(PostgresTarget(TestPostgres.url(test.location, database: "postgres")))
            try admin.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = $1 AND application_name = 'trawl'
                """, [name])
        }
        // The call that meets the broken connection fails; the next one runs on a new session.
        _ = try? await test.store.status(topHosts: 1)
        #expect(try await test.store.status(topHosts: 1).queued == 1)
    }

    @Test("postgres:// and postgresql:// URLs and conninfo strings are PostgreSQL; paths are SQLite; no password shown",
          arguments: [
              ("postgres://u:pw@db1:5433/crawl", true, "postgresql://u@db1:5433/crawl"),
              ("postgresql://db1/crawl?sslmode=require", true, "postgresql://db1/crawl"),
              ("host=db1 dbname=crawl password=pw user=u", true, "postgresql://u@db1/crawl"),
              ("dbname=crawl", true, "postgresql:///crawl"),
              ("crawl.db", false, ""),
              ("./name=x.db", false, ""),
              ("/data/crawl.db", false, ""),
          ])
    func targets(text: String, isPostgres: Bool, shown: String) {
        #expect(PostgresTarget.recognizes(text) == isPostgres)
        if isPostgres { #expect(PostgresTarget(text).description == shown) }
    }
}
