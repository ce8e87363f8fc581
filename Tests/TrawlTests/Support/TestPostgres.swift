import Foundation
import Testing
@testable import TrawlStore

/// The database kinds every store contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// The PostgreSQL server the tests use: the one `TRAWL_TEST_POSTGRES` names (scripts/test.sh starts a
/// private cluster and sets it), or else a private cluster this test process starts itself with
/// scripts/postgres-cluster.sh and stops when it exits. Each test gets a database of its own.
actor TestPostgres {
    static let shared = TestPostgres()
    private var server: Task<String, any Error>?

    /// postgres://…/postgres of the server, started on first use.
    func serverURL() async throws -> String {
        if let server { return try await server.value }
        let task = Task<String, any Error> {
            if let url = ProcessInfo.processInfo.environment["TRAWL_TEST_POSTGRES"], !url.isEmpty { return url }
            return try await offPool { try Self.startCluster() }
        }
        server = task
        return try await task.value
    }

    /// A new, empty database on the server; its URL.
    func createDatabase() async throws -> String {
        let base = try await serverURL()
        let name = "trawl_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await offPool {
            let admin = try PGConnection(PostgresTarget(base))
            try admin.execute("CREATE DATABASE \(name)")
        }
        return Self.url(base, database: name)
    }

    /// Drops a database made by `createDatabase`, on a thread of its own (a test's `defer` does not wait).
    nonisolated func dropDatabase(_ url: String) {
        let thread = Thread {
            guard let base = ProcessInfo.processInfo.environment["TRAWL_TEST_POSTGRES"] ?? Self.startedURL.withLock({ $0 }),
                  let name = url.split(separator: "/").last?.split(separator: "?").first,
                  let admin = try? PGConnection(PostgresTarget(base)) else { return }
            try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        thread.start()
    }

    /// `base` with its database name replaced.
    static func url(_ base: String, database: String) -> String {
        let query = base.firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        let withoutQuery = base.firstIndex(of: "?").map { String(base[..<$0]) } ?? base
        let root = withoutQuery.range(of: "/", options: .backwards).map { String(withoutQuery[..<$0.lowerBound]) }
            ?? withoutQuery
        return root + "/" + database + query
    }

    private static let startedURL = NSLockedValue<String?>(nil)
    nonisolated(unsafe) private static var clusterDirectory: String?

    /// Runs scripts/postgres-cluster.sh start in a new temporary folder; stops it at exit.
    private static func startCluster() throws -> String {
        var template = Array("/tmp/trawl-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        let directory = String(cString: made)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/postgres-cluster.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "start", directory]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresError(sqlState: "", message: "scripts/postgres-cluster.sh start failed (\(process.terminationStatus))")
        }
        let url = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        clusterDirectory = directory
        startedURL.withLock { $0 = url }
        atexit {
            guard let directory = TestPostgres.clusterDirectory else { return }
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "/bin/bash")
            stop.arguments = [TestPostgres.scriptPath, "stop", directory]
            try? stop.run()
            stop.waitUntilExit()
        }
        scriptPath = script.path
        return url
    }
    nonisolated(unsafe) private static var scriptPath = ""
}

/// A value behind a lock, readable from any thread.
final class NSLockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// A store of either kind for the contract tests, with raw SQL access to check what it wrote.
struct ContractStore: Sendable {
    let kind: StoreKind
    let store: any CrawlStore
    /// Where the database is: a file path or a postgres:// URL (what `--db` takes).
    let location: String
    private let query: @Sendable (String) throws -> [[String?]]
    private let cleanup: @Sendable () -> Void

    static func make(_ kind: StoreKind, linkTargetCacheCapacity: Int = 1 << 17) async throws -> ContractStore {
        switch kind {
        case .sqlite:
            return try sqlite(linkTargetCacheCapacity: linkTargetCacheCapacity)
        case .postgres:
            let url = try await TestPostgres.shared.createDatabase()
            let store = try await offPool { try PostgresCrawlStore(target: PostgresTarget(url)) }
            return ContractStore(kind: kind, store: store, location: url, query: { try store.query($0) },
                                 cleanup: { TestPostgres.shared.dropDatabase(url) })
        }
    }

    /// A SQLite store, made without waiting on anything.
    static func sqlite(linkTargetCacheCapacity: Int = 1 << 17) throws -> ContractStore {
        let test = try TestStore(linkTargetCacheCapacity: linkTargetCacheCapacity)
        let store = test.store
        return ContractStore(kind: .sqlite, store: store, location: test.path, query: { try store.query($0) },
                             cleanup: { test.remove() })
    }

    func remove() { cleanup() }

    /// Rows of `sql` as text.
    func rows(_ sql: String) throws -> [[String?]] { try query(sql) }

    /// The first column of the first row as an Int.
    func int(_ sql: String) throws -> Int { Int(try rows(sql).first?.first.flatMap { $0 } ?? "0") ?? 0 }

    /// SQL for the Unix time now, in this database's dialect.
    var unixNowSQL: String {
        switch kind {
        case .sqlite: "(julianday('now') * 86400 - 210866760000)"
        case .postgres: "extract(epoch FROM clock_timestamp())"
        }
    }
}
