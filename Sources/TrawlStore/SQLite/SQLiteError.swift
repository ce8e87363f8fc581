internal import CSQLite

/// A failed SQLite call: the result code, SQLite's own message, and the SQL it was running, so that a
/// report names what went wrong and where.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (while running: \(sql.prefix(200)))" }
        return text
    }

    /// True when the file is not a SQLite database at all (SQLITE_NOTADB).
    public var isNotADatabase: Bool { code & 0xFF == SQLITE_NOTADB }

    /// True when another connection held a lock for longer than this one would wait (SQLITE_BUSY, or
    /// SQLITE_LOCKED for a shared-cache lock).
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    /// True when SQLite found the file damaged: a page that is not what the file's structure says
    /// (SQLITE_CORRUPT, "database disk image is malformed"), or garbage where a header should be
    /// (SQLITE_NOTADB once the file was opened).
    public var isCorrupt: Bool { code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB }
}
