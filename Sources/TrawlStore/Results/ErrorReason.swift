/// The kind of an error message, for counting errors by kind: its text up to the first colon or opening
/// parenthesis, trailing spaces dropped, so that "connect: connection refused (curl: Failed to connect to a.test
/// port 80 …)" and "connect: connection refused (fetching robots.txt; curl: …)" count as one "connect", and
/// "HTTP 503 (after 3 attempts)" as "HTTP 503". trawl writes every message with its cause as the kind.
///
/// `trawl status` counts kinds in SQL, from the `pages_by_error_kind` index of `schema.sql` (instant however
/// many pages failed); the end-of-crawl summary counts them here. `sql` is that index's expression, and
/// `of(_:)` computes the same in Swift (a test holds them to each other and to `schema.sql`).
public enum ErrorReason {
    /// The kind of `error`; "unknown" for nil.
    public static func of(_ error: String?) -> String {
        guard let error else { return "unknown" }
        let cut = error.firstIndex { $0 == ":" || $0 == "(" } ?? error.endIndex
        var reason = error[..<cut]
        while reason.last == " " { reason.removeLast() }
        return String(reason)
    }

    /// The kind of the `error` column in SQL, exactly as the `pages_by_error_kind` index and the
    /// `error_kinds` view of `schema.sql` write it (SQLite uses an expression index only for the same text).
    static let sql = "rtrim(substr(error, 1, min(instr(error || ':', ':'), instr(error || '(', '(')) - 1))"
}
