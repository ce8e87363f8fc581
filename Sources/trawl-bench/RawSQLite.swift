internal import CSQLite

// SQLite through its C API, without trawl's store around it: `SQLiteLimit` measures SQLite itself. (trawl's
// `SQLiteConnection` is internal to TrawlStore; this target sees CSQLite as a dependency of TrawlStore.)

/// One connection (`sqlite3*`), closed in `deinit`.
final class RawDatabase {
    private let handle: OpaquePointer
    let path: String

    init(path: String) throws(BenchError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw .database(path: path, reason: reason)
        }
        handle = db
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    /// `sqlite3_exec`: statements without results.
    func execute(_ sql: String) throws(BenchError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    /// `sqlite3_prepare_v3` with SQLITE_PREPARE_PERSISTENT, as trawl prepares its hot statements.
    func prepare(_ sql: String) throws(BenchError) -> RawStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw failure(sql) }
        return RawStatement(statement, database: self)
    }

    /// Rows changed by the last statement (`sqlite3_changes`).
    var changes: Int { Int(sqlite3_changes(handle)) }
    /// `sqlite3_last_insert_rowid`.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func failure(_ sql: String) -> BenchError {
        .database(path: path, reason: "\(String(cString: sqlite3_errmsg(handle))) in \(sql)")
    }
}

/// One prepared statement (`sqlite3_stmt*`), finalized in `deinit`. Bind, then `run()`.
final class RawStatement {
    private let handle: OpaquePointer
    private unowned let database: RawDatabase

    fileprivate init(_ handle: OpaquePointer, database: RawDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Text is copied by SQLite (SQLITE_TRANSIENT), as trawl binds it.
    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        _ = value.withCString { trawl_sqlite3_bind_text_transient(handle, index, $0, -1) }
    }

    /// The first column of the first row as an integer (nil when there is no row or it is NULL), then resets.
    func integer() throws(BenchError) -> Int64? {
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW {
            return sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 0)
        }
        guard rc == SQLITE_DONE else { throw database.failure(String(cString: sqlite3_sql(handle))) }
        return nil
    }

    /// Steps to the end, then resets; returns the rows changed.
    @discardableResult
    func run() throws(BenchError) -> Int {
        defer { sqlite3_reset(handle) }
        var rc = sqlite3_step(handle)
        while rc == SQLITE_ROW { rc = sqlite3_step(handle) }
        guard rc == SQLITE_DONE else { throw database.failure(String(cString: sqlite3_sql(handle))) }
        return database.changes
    }
}
