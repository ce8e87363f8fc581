internal import CTrawlSchema

/// The schema the binary applies to a new PostgreSQL database: the bytes of the repository's
/// `schema-postgres.sql`, embedded at build time (see `Sources/CTrawlSchema`).
public enum PostgresSchema {
    public static var sql: String { String(cString: trawl_schema_postgres_sql()) }
    /// The version this build creates and understands (`trawl_meta.schema_version`); the same numbering as
    /// `Schema.version`, so that one number names one set of tables on both backends.
    public static let version = 8

    /// The `CREATE INDEX name …;` statement of `schema-postgres.sql`.
    static func createStatement(ofIndex name: String) throws(StoreError) -> String {
        let prefix = "CREATE INDEX \(name) "
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.hasPrefix(prefix) }),
              let last = lines[first...].firstIndex(where: { $0.contains(";") })
        else { throw StoreError.schemaDefinitionMissing(index: name) }
        return lines[first...last].joined(separator: "\n")
    }
}
