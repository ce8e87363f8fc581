internal import CLibPQ

/// What `--db` names when it names a PostgreSQL database: a `postgres://` or `postgresql://` URI, or a libpq
/// key/value connection string (`host=db1 dbname=crawl`). Both go to libpq as they are, so that every libpq
/// convention works as users know it: `PG*` environment variables for what the string leaves out,
/// `~/.pgpass` and service files for passwords, TLS modes, several hosts (libpq "Connection Strings", §34.1).
public struct PostgresTarget: Sendable, Hashable, CustomStringConvertible {
    /// The connection string exactly as given (it may hold a password: never print it).
    public let conninfo: String

    /// Whether `text` names a PostgreSQL database rather than a SQLite file: a URI with one of libpq's two
    /// schemes, or a key/value string (a `key=value` word). A file path with `=` in it can be given as
    /// `./name=x.db`.
    public static func recognizes(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") { return true }
        guard !text.hasPrefix("/"), !text.hasPrefix("."), let equals = text.firstIndex(of: "=") else { return false }
        let key = text[..<equals].trimmingPrefix(" ")
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0 == "_" }
    }

    public init(_ conninfo: String) {
        self.conninfo = conninfo
    }

    /// The target without its password, for messages: `postgresql://user@host:port/dbname` from what the
    /// string itself says (`PQconninfoParse`; what it leaves out comes from the environment at connect
    /// time). A string libpq cannot parse is shown only by its scheme.
    public var description: String {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return conninfo.lowercased().hasPrefix("postgres") ? "postgresql://(unparsable)" : "(unparsable conninfo)"
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        var text = "postgresql://"
        if let user = values["user"], !user.isEmpty { text += user + "@" }
        text += values["host"] ?? values["hostaddr"] ?? ""
        if let port = values["port"], !port.isEmpty { text += ":" + port }
        if let name = values["dbname"], !name.isEmpty { text += "/" + name }
        return text
    }
}
