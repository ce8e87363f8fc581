import Foundation
import Testing
@testable import TrawlStore

@Suite("Store: schema and database files")
struct StoreSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the binary applies exactly schema.sql: same bytes, same database objects as sqlite3 makes")
    func embeddedSchemaIsTheFile() async throws {
        let file = try String(contentsOf: StoreSchemaTests.repositoryRoot.appendingPathComponent("schema.sql"), encoding: .utf8)
        #expect(Schema.sql == file)

        let test = try TestStore()
        defer { test.remove() }
        let reference = test.directory.file("reference.db")
        let sqlite3 = Process()
        sqlite3.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite3.arguments = [reference, ".read \(StoreSchemaTests.repositoryRoot.appendingPathComponent("schema.sql").path)"]
        try sqlite3.run()
        #expect(try await exited(sqlite3, timeout: 60))
        #expect(sqlite3.terminationStatus == 0)
        let objects = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        let referenceStore = try SQLiteCrawlStore(path: reference)
        #expect(try test.rows(objects) == referenceStore.query(objects))
        #expect(try test.rows("PRAGMA application_id") == [[String(Schema.applicationID)]])
        #expect(try test.rows("PRAGMA user_version") == [[String(Schema.version)]])
        #expect(try test.rows("PRAGMA journal_mode") == [["wal"]])
    }

    @Test("a file that is not SQLite is refused with a clear error and left byte for byte untouched")
    func notSQLiteIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("notes.db")
        let bytes = Data("these are my notes, not a database\n".utf8) + Data(repeating: 7, count: 5000)
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteCrawlStore(path: path)
        } throws: { error in
            "\(error)".contains("not a trawl database") && "\(error)".contains("not a SQLite database")
                && "\(error)".contains(path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["notes.db"])
    }

    @Test("another application's SQLite database is refused and left untouched")
    func foreignDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("other.db")
        let sqlite3 = Process()
        sqlite3.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite3.arguments = [path, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"]
        try sqlite3.run()
        sqlite3.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteCrawlStore(path: path)
        } throws: { error in
            "\(error)".contains("another application")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["other.db"])
    }

    @Test("a database from a newer trawl is refused, not damaged")
    func newerSchemaIsRefused() throws {
        let test = try TestStore()
        defer { test.remove() }
        _ = try test.rows("PRAGMA user_version = 99")
        #expect {
            _ = try SQLiteCrawlStore(path: test.path)
        } throws: { error in
            "\(error)".contains("schema version 99")
        }
    }

    @Test("an existing empty file becomes a trawl database; a missing directory is a clear error")
    func emptyFileAndMissingDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("empty.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteCrawlStore(path: path)
        #expect(try store.query("SELECT count(*) FROM jobs") == [["0"]])
        #expect {
            _ = try SQLiteCrawlStore(path: directory.file("no/such/dir/crawl.db"))
        } throws: { error in
            "\(error)".contains("cannot open database")
        }
    }
}
