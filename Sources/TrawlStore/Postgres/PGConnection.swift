internal import CLibPQ

/// One PostgreSQL connection (`PGconn*`), owned here and closed (`PQfinish`) in `deinit`.
///
/// libpq calls block, and a connection serves one caller at a time: the store confines each connection
/// to one serial dispatch queue, off Swift's cooperative pool, as the SQLite store does. Every statement
/// goes through `PQexecParams` with its parameters in text format (arrays as `{…}` literals, see
/// `PGArray`), and every result is read into Swift values and freed (`PQclear`) before the call returns.
final class PGConnection {
    private let handle: OpaquePointer
    let target: PostgresTarget

    /// Connects (`PQconnectdb`: the string, then `PG*` variables, `.pgpass`, service files).
    init(_ target: PostgresTarget) throws(PostgresError) {
        guard let connection = PQconnectdb(target.conninfo) else {
            throw PostgresError(sqlState: "", message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            // libpq reports a missing database only in words; name it by its SQLSTATE like the server would.
            let state = message.contains("does not exist") && message.contains("database") ? "3D000" : ""
            throw PostgresError(sqlState: state, message: message)
        }
        handle = connection
        self.target = target
        // Notices ("relation already exists, skipping") are not errors: keep them off stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// Connects again (`PQreset`, same parameters) when the connection broke (a server restart, a network
    /// cut): the next statement then runs on a fresh session, and a crawler rides out an outage shorter than
    /// its lease. Session settings are applied again by `configure`.
    func reconnectIfBroken(configure: (PGConnection) throws -> Void) throws {
        guard PQstatus(handle) == CONNECTION_BAD else { return }
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(sqlState: "08006", message: Self.trimmed(String(cString: PQerrorMessage(handle))))
        }
        try configure(self)
    }

    /// Runs one statement with text parameters (nil is NULL) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PGRows {
        let result = parameters.isEmpty
            ? PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0)
            : Self.withCStrings(parameters) { pointers in
                PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
            }
        return try rows(of: result, sql: sql)
    }

    /// Runs a script of several statements without parameters (`PQexec`: the schema, DDL).
    func execute(_ sql: String) throws(PostgresError) {
        _ = try rows(of: PQexec(handle, sql), sql: sql)
    }

    /// The first column of the first row, nil when there is none or it is NULL.
    func scalar(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> String? {
        try query(sql, parameters).first?.first ?? nil
    }

    /// Runs `body` in one transaction; a deadlock or serialization failure (`PostgresError.isRetryable`) runs
    /// it again from the start, up to a few times, since the server rolled everything back.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            try execute("BEGIN")
            do {
                let value = try body()
                try execute("COMMIT")
                return value
            } catch {
                try? execute("ROLLBACK")
                if let failure = error as? PostgresError, failure.isRetryable, attempt < 5 { continue }
                throw error
            }
        }
    }

    /// Reads a result into Swift values and frees it; a failed one becomes a `PostgresError` with its
    /// SQLSTATE and the server's message, detail and hint.
    private func rows(of result: OpaquePointer?, sql: String) throws(PostgresError) -> PGRows {
        guard let result else {
            throw PostgresError(sqlState: "", message: Self.trimmed(String(cString: PQerrorMessage(handle))), sql: sql)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            break
        default:
            func field(_ code: Int32) -> String? { PQresultErrorField(result, code).map { String(cString: $0) } }
            let message = field(Int32(UInt8(ascii: "M"))) ?? Self.trimmed(String(cString: PQresultErrorMessage(result)))
            throw PostgresError(sqlState: field(Int32(UInt8(ascii: "C"))) ?? "", message: message,
                                detail: field(Int32(UInt8(ascii: "D"))), hint: field(Int32(UInt8(ascii: "H"))),
                                sql: sql)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var values: [[String?]] = []
        values.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            values.append((0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return PGRows(rows: values, affected: affected)
    }

    /// Calls `body` with NUL-terminated copies of `strings` (NULL pointers for nil), freed afterwards.
    private static func withCStrings<T>(
        _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
    ) -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in
            string.map { text in
                let bytes = Array(text.utf8)
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                bytes.withUnsafeBufferPointer { source in
                    source.withMemoryRebound(to: CChar.self) { copy.update(from: $0.baseAddress!, count: bytes.count) }
                }
                copy[bytes.count] = 0
                return copy
            }
        }
        defer { for copy in copies { copy?.deallocate() } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

/// The rows of a result as text (PostgreSQL's text output format), and how many rows a command changed.
struct PGRows: Sendable {
    let rows: [[String?]]
    let affected: Int

    var first: [String?]? { rows.first }
    var isEmpty: Bool { rows.isEmpty }
    var count: Int { rows.count }
}

extension Array where Element == String? {
    /// Column `index` as an integer (0 when NULL).
    func int(_ index: Int) -> Int { self[index].flatMap { Int($0) } ?? 0 }
    /// Column `index` as an integer, nil when NULL.
    func optionalInt(_ index: Int) -> Int? { self[index].flatMap { Int($0) } }
    func int64(_ index: Int) -> Int64 { self[index].flatMap { Int64($0) } ?? 0 }
    func optionalInt64(_ index: Int) -> Int64? { self[index].flatMap { Int64($0) } }
    func double(_ index: Int) -> Double { self[index].flatMap { Double($0) } ?? 0 }
    func optionalDouble(_ index: Int) -> Double? { self[index].flatMap { Double($0) } }
    /// A boolean column in text format ("t"/"f").
    func bool(_ index: Int) -> Bool { self[index] == "t" }
    func text(_ index: Int) -> String { self[index] ?? "" }
}
