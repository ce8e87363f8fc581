internal import CSQLite

/// One SQLite connection (`sqlite3*`), owned here and closed in `deinit`.
///
/// Not thread-safe by itself: the store confines each connection to one serial queue. Statements are
/// prepared once and cached by their SQL text, as GRDB does, because the crawler runs the same few
/// statements millions of times.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]
    /// The same, for SQL written in the source: keyed by the literal's address, so that the crawl's hot
    /// statements (dozens per page) are found without hashing their text.
    private var literalStatementCache: [UnsafeRawPointer: SQLiteStatement] = [:]
    /// The same, for families of generated SQL (e.g. a multi-row INSERT for n rows): keyed by the family's
    /// name literal and the variant.
    private var generatedStatementCache: [GeneratedKey: SQLiteStatement] = [:]
    private struct GeneratedKey: Hashable {
        let family: UnsafeRawPointer
        let variant: Int
    }
    let path: String

    /// How a connection opens its file.
    enum OpenMode {
        /// Read and write; with `create`, a missing file is created.
        case readWrite(create: Bool)
        /// Read only (SQLITE_OPEN_READONLY): nothing is ever written. `immutable` (the URI parameter
        /// `immutable=1`) also skips locking and the -shm file, for a WAL database that no process has open
        /// (no -wal file) in a place this user cannot write: without it, SQLite would need to create -wal and
        /// -shm files beside the database (see "Read-Only Databases" in SQLite's WAL documentation).
        case readOnly(immutable: Bool)
    }

    /// Opens the database file. `sqlite3_open_v2` is lazy: a file that is not SQLite fails at the first
    /// statement, not here. `lockTimeout`: seconds to wait for another connection's lock (see `LockWait`).
    init(path: String, mode: OpenMode, lockTimeout: Double) throws(SQLiteError) {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let name: String
        switch mode {
        case .readWrite(let create):
            flags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
            name = Self.uri(path, parameters: [])
        case .readOnly(let immutable):
            flags |= SQLITE_OPEN_READONLY
            name = Self.uri(path, parameters: immutable ? ["mode=ro", "immutable=1"] : ["mode=ro"])
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
        self.lockWait = LockWait(giveUpAfter: lockTimeout)
        LockWait.install(lockWait, on: db)
    }

    /// Whether SQLite opened the file read-only (`sqlite3_db_readonly`): asked to read and write a file this
    /// user cannot write, it falls back to reading it, and only the first write would fail.
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Reports and bounds this connection's waits for other programs' locks (the busy handler's state).
    let lockWait: LockWait

    /// A `file:` URI for `path` (RFC 8089 as SQLite reads it): `?`, `#`, `%` and non-ASCII bytes percent-encoded, so that a
    /// path with those characters still names the same file.
    private static func uri(_ path: String, parameters: [String]) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0x80...:
                encoded += "%" + String(byte, radix: 16, uppercase: true)
            default:
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        let prefix = path.hasPrefix("/") ? "file://" : "file:"
        if !path.hasPrefix("/") && encoded.hasPrefix("//") { encoded = "./" + encoded }
        return prefix + encoded + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    deinit {
        statementCache.removeAll()  // finalize every statement before closing
        literalStatementCache.removeAll()
        generatedStatementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results (`sqlite3_exec`).
    func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// A cached prepared statement for SQL built at run time, reset and with its bindings cleared.
    func statement(dynamicSQL sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = SQLiteStatement(raw, connection: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// A cached prepared statement for SQL written in the source.
    func statement(_ sql: StaticString) throws(SQLiteError) -> SQLiteStatement {
        let key = UnsafeRawPointer(sql.utf8Start)
        if let cached = literalStatementCache[key] {
            cached.reset()
            return cached
        }
        let statement = try statement(dynamicSQL: sql.description)
        literalStatementCache[key] = statement
        return statement
    }

    /// A cached prepared statement of a family of generated SQL: `build` makes the SQL of `variant` the first
    /// time it is asked for.
    func statement(
        family: StaticString, variant: Int, build: (Int) -> String
    ) throws(SQLiteError) -> SQLiteStatement {
        let key = GeneratedKey(family: UnsafeRawPointer(family.utf8Start), variant: variant)
        if let cached = generatedStatementCache[key] {
            cached.reset()
            return cached
        }
        let statement = try statement(dynamicSQL: build(variant))
        generatedStatementCache[key] = statement
        return statement
    }

    /// Runs `sql` once and returns the first column of its first row, if any.
    func scalar(_ sql: StaticString, _ values: SQLiteValue...) throws(SQLiteError) -> SQLiteValue? {
        try scalar(try statement(sql), values)
    }

    /// `scalar` for SQL built at run time.
    func scalar(dynamicSQL sql: String, _ values: SQLiteValue...) throws(SQLiteError) -> SQLiteValue? {
        try scalar(try statement(dynamicSQL: sql), values)
    }

    private func scalar(_ statement: SQLiteStatement, _ values: [SQLiteValue]) throws(SQLiteError) -> SQLiteValue? {
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? statement.value(at: 0) : nil
    }

    /// Runs `sql` once for its effect and returns the number of rows it changed.
    @discardableResult
    func run(_ sql: StaticString, _ values: SQLiteValue...) throws(SQLiteError) -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return changes
    }

    /// The rowid of the last row inserted on this connection (`sqlite3_last_insert_rowid`).
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes`).
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`. IMMEDIATE takes the write lock at BEGIN, where the
    /// busy timeout applies, instead of failing mid-transaction with a SQLITE_BUSY no handler can resolve.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        lastTransactionRolledBack = false
        // BEGIN IMMEDIATE is where writers wait for each other: once it returns, the wait is over.
        let began = Result { () throws(SQLiteError) in try execute("BEGIN IMMEDIATE") }
        lockWait.ended()
        try began.get()
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            lastTransactionRolledBack = true
            throw error
        }
    }

    /// Whether the last `writeTransaction` failed and was rolled back.
    private(set) var lastTransactionRolledBack = false

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
