/// A failed libpq call or statement: PostgreSQL's SQLSTATE (Appendix A of its manual), its message, and
/// the statement it was running, so that a report names what went wrong and where.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Five characters ("40P01"); empty when the failure came from libpq itself (no connection, a broken one).
    public let sqlState: String
    public let message: String
    /// The server's DETAIL and HINT lines, when it sent them.
    public let detail: String?
    public let hint: String?
    public let sql: String?

    public init(sqlState: String, message: String, detail: String? = nil, hint: String? = nil, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.sql = sql
    }

    public var description: String {
        var text = "PostgreSQL"
        if !sqlState.isEmpty { text += " error \(sqlState)" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        if let hint { text += "; hint: \(hint)" }
        if let sql { text += " (while running: \(sql.prefix(200)))" }
        return text
    }

    /// Two transactions waited on each other and the server aborted this one (40P01), or a serializable
    /// conflict (40001): the transaction may simply run again.
    public var isRetryable: Bool { sqlState == "40P01" || sqlState == "40001" }
    /// A lock was not granted within `lock_timeout` (55P03), or a statement ran out its `statement_timeout`
    /// (57014, canceled): another session held what this one needed.
    public var isLockTimeout: Bool { sqlState == "55P03" || sqlState == "57014" }
    /// The database named in the connection string does not exist (3D000).
    public var isMissingDatabase: Bool { sqlState == "3D000" }
    /// The connection could not be made or broke (class 08, or libpq's own failure).
    public var isConnectionFailure: Bool { sqlState.isEmpty || sqlState.hasPrefix("08") || sqlState == "57P01" }
    /// Data or an index found damaged (class XX: XX001 data_corrupted, XX002 index_corrupted).
    public var isCorrupt: Bool { sqlState == "XX001" || sqlState == "XX002" }
}
