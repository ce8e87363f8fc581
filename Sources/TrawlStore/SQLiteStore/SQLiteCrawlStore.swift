import Dispatch

/// `CrawlStore` on one SQLite file (WAL mode, so `sqlite3` and `trawl status` can read during a crawl).
///
/// SQLite calls block, so the connection is confined to one serial dispatch queue, off Swift's cooperative
/// pool; every method hops onto it. That confinement is what makes the `@unchecked Sendable` sound.
public final class SQLiteCrawlStore: CrawlStore, @unchecked Sendable {
    private let queue: DispatchQueue
    private let connection: SQLiteConnection
    /// Where the last claim stopped walking the hosts table, so that claims rotate over all hosts.
    /// Touched only on `queue`.
    var hostCursor = ""
    /// Ids of link targets recently written. Touched only on `queue`.
    let linkTargets: LinkTargetCache
    public let path: String

    /// Opens the database at `path`, creating it from `schema.sql` when missing.
    /// Throws `StoreError.notATrawlDatabase` for any other file, which is left untouched.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, linkTargetCacheCapacity: 1 << 17)
    }

    /// `linkTargetCacheCapacity`: slots of the link-target id cache (tests make it tiny).
    init(path: String, linkTargetCacheCapacity: Int) throws(StoreError) {
        self.linkTargets = LinkTargetCache(capacity: linkTargetCacheCapacity)
        self.connection = try DatabaseFile.open(path: path)
        self.path = path
        self.queue = DispatchQueue(label: "trawl.store")
    }

    /// Runs `body` on the store's queue with the connection.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.connection) })
            }
        }
    }

    /// Runs `body` on the store's queue and waits for it, for synchronous callers (tests, the CLI).
    func performSync<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try queue.sync { try body(connection) }
    }

    /// Runs a read-only query and returns its rows as text, for tests and diagnostics.
    public func query(_ sql: String) throws -> [[String?]] {
        try performSync { connection in
            let statement = try connection.statement(dynamicSQL: sql)
            defer { statement.reset() }
            var rows: [[String?]] = []
            while try statement.step() {
                rows.append((0..<statement.columnCount).map { statement.value(at: $0).displayText })
            }
            return rows
        }
    }
}

extension SQLiteValue {
    var displayText: String? {
        switch self {
        case .null: nil
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v
        }
    }
}
