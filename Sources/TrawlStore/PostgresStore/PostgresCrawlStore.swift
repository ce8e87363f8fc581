import Dispatch
import TrawlSync

/// `CrawlStore` on a PostgreSQL database shared by crawlers on many machines (`--db postgres://…`).
///
/// libpq calls block, so the connection is confined to one serial dispatch queue, off Swift's cooperative
/// pool, as in `SQLiteCrawlStore`; every method hops onto it. That confinement is what makes the
/// `@unchecked Sendable` sound. Every batch is a few statements with arrays (`unnest`), whatever its size;
/// a transaction the server aborted for a deadlock runs again (`PGConnection.transaction`).
public final class PostgresCrawlStore: CrawlStore, @unchecked Sendable {
    private let queue: DispatchQueue
    let connection: PGConnection
    /// Where the last claim stopped walking the hosts table, so that claims rotate over all hosts.
    /// Touched only on `queue`.
    var hostCursor = ""
    /// The database as messages name it: a URL without the password.
    public let name: String
    /// Seconds this store waits for a lock another session holds (`lock_timeout`) before an operation fails
    /// with `StoreError.locked`.
    public let lockTimeout: Double
    /// A lower bound set by `limitLockWaits`, applied before the next statement (milliseconds).
    private let pendingLockTimeout = ThreadLock<Int?>(nil)
    /// `idle_in_transaction_session_timeout` once a crawler is registered (milliseconds): its lease timeout.
    /// A crawler stopped in the middle of a transaction (SIGSTOP, a stalled machine, a cut network) would
    /// otherwise keep that transaction's row locks, and every other crawler's claim of its hosts would wait
    /// on them, past the lease's end, for as long as `lock_timeout`. A crawler idle inside a transaction for
    /// a whole lease timeout has stopped its own requests already (self-fencing, `LeaseTerms.fenceAfter`),
    /// so the server ending that transaction costs nothing the lease had not taken away.
    private let idleTransactionLimit = ThreadLock<Int?>(nil)
    private let access: DatabaseAccess

    /// Opens (for `.create`, makes) trawl's schema in the database `target` names.
    public init(target: PostgresTarget, access: DatabaseAccess = .create,
                lockTimeout: Double = SQLiteCrawlStore.defaultLockTimeout) throws(StoreError) {
        self.connection = try PostgresDatabase.open(target, access: access, lockTimeout: lockTimeout)
        self.name = target.description
        self.lockTimeout = lockTimeout
        self.access = access
        self.queue = DispatchQueue(label: "trawl.store.postgres")
    }

    /// PostgreSQL waits for locks on the server, where this process cannot watch it without a second
    /// connection: the wait is bounded by `lock_timeout` instead, and not reported as it goes.
    public var lockWaitSeconds: Double? { nil }

    public func limitLockWaits(to seconds: Double) {
        pendingLockTimeout.withLock { $0 = Int(min(seconds, lockTimeout) * 1000) }
    }

    /// Runs `body` on the store's queue with the connection; PostgreSQL failures come out as the
    /// `StoreError` a user can act on (a lock held too long, an unreachable server).
    func perform<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    try self.applyPendingSettings()
                    return try body(self.connection)
                }.mapError(self.classify))
            }
        }
    }

    /// `perform` inside one transaction (run again after a deadlock).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await perform { connection in try connection.transaction { try body(connection) } }
    }

    private func applyPendingSettings() throws {
        let idleLimit = idleTransactionLimit.withLock { $0 }
        try connection.reconnectIfBroken { [access, lockTimeout] connection in
            try PostgresDatabase.configure(connection, access: access, lockTimeout: lockTimeout)
            if let idleLimit { try Self.limitIdleTransactions(connection, milliseconds: idleLimit) }
        }
        guard let milliseconds = pendingLockTimeout.withLock({ value -> Int? in
            defer { value = nil }
            return value
        }) else { return }
        try connection.execute("SET lock_timeout = '\(max(1, milliseconds))ms'")
    }

    /// From now on (this connection and any it is re-made as), a transaction left idle for `seconds` is
    /// ended by the server: see `idleTransactionLimit`.
    func limitIdleTransactions(to seconds: Double) async throws {
        let milliseconds = max(1, Int(seconds * 1000))
        idleTransactionLimit.withLock { $0 = milliseconds }
        try await perform { connection in try Self.limitIdleTransactions(connection, milliseconds: milliseconds) }
    }

    private static func limitIdleTransactions(_ connection: PGConnection, milliseconds: Int) throws {
        try connection.execute("SET idle_in_transaction_session_timeout = '\(milliseconds)ms'")
    }

    private func classify(_ error: any Error) -> any Error {
        StoreError.classify(error, path: name, lockTimeout: lockTimeout)
    }

    /// Runs one statement and returns its rows as text, for tests and diagnostics.
    public func query(_ sql: String) throws -> [[String?]] {
        do {
            return try queue.sync { try connection.query(sql).rows }
        } catch {
            throw classify(error)
        }
    }

    /// The database's clock as Unix seconds: every crawler compares leases and back-off against it.
    static func now(_ connection: PGConnection) throws -> Double {
        Double(try connection.scalar("SELECT extract(epoch FROM clock_timestamp())") ?? "") ?? WallClock.now()
    }
}
