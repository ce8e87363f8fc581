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

    /// Seconds a writer waits for another program's lock by default (`--lock-timeout`).
    public static let defaultLockTimeout = DatabaseFile.defaultLockTimeout
    /// Seconds this store waits for another program's lock before an operation fails with
    /// `StoreError.locked`.
    public let lockTimeout: Double

    /// Opens the database at `path`, creating it from `schema.sql` when missing.
    /// Throws `StoreError.notATrawlDatabase` for any other file, which is left untouched.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, access: .create)
    }

    /// Opens the database at `path` for `access` (see `DatabaseAccess`: only `.create` makes a missing file,
    /// only `.read` works on a file this user cannot write). `lockTimeout`: seconds to wait for a lock
    /// another program holds.
    public convenience init(path: String, access: DatabaseAccess,
                            lockTimeout: Double = SQLiteCrawlStore.defaultLockTimeout) throws(StoreError) {
        try self.init(path: path, access: access, lockTimeout: lockTimeout, linkTargetCacheCapacity: 1 << 17)
    }

    /// `linkTargetCacheCapacity`: slots of the link-target id cache (tests make it tiny).
    init(path: String, access: DatabaseAccess = .create, lockTimeout: Double = DatabaseFile.defaultLockTimeout,
         linkTargetCacheCapacity: Int) throws(StoreError) {
        self.linkTargets = LinkTargetCache(capacity: linkTargetCacheCapacity)
        self.connection = try DatabaseFile.open(path: path, access: access, lockTimeout: lockTimeout)
        self.path = path
        self.lockTimeout = lockTimeout
        self.queue = DispatchQueue(label: "trawl.store")
    }

    /// Seconds the store has been waiting for a lock another program holds, nil when it is not waiting.
    /// Read without the store's queue, which the waiting operation occupies.
    public var lockWaitSeconds: Double? { connection.lockWait.current }

    /// From now on, waits for another program's lock at most `seconds` (after a give-up, for the last
    /// writes of a stopping crawl).
    public func limitLockWaits(to seconds: Double) {
        let wait = connection.lockWait
        wait.giveUpAfter = min(wait.giveUpAfter, seconds)
    }

    /// Runs `body` on the store's queue with the connection. A SQLite failure that has a name for users (a
    /// lock held too long, a damaged file) comes out as that `StoreError`.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.connection) }.mapError(self.classify))
            }
        }
    }

    /// Runs `body` on the store's queue and waits for it, for synchronous callers (tests, the CLI).
    func performSync<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        do {
            return try queue.sync { try body(connection) }
        } catch {
            throw classify(error)
        }
    }

    private func classify(_ error: any Error) -> any Error {
        StoreError.classify(error, path: path, lockTimeout: lockTimeout)
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
