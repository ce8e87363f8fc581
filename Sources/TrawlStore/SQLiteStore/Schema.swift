internal import CTrawlSchema

/// The schema the binary applies to a new database: the bytes of the repository's `schema.sql`, embedded
/// at build time (see `Sources/CTrawlSchema`), never a second hand-kept copy.
public enum Schema {
    public static var sql: String { String(cString: trawl_schema_sql()) }
    /// `PRAGMA application_id` of every trawl database ('trwl').
    public static let applicationID: Int64 = 0x7472_776C
    /// `PRAGMA user_version` this build creates and understands; older versions are upgraded on open
    /// (`Migrations`), newer ones refused.
    public static let version: Int64 = 8

    /// The `CREATE INDEX name …;` statement of `schema.sql`, to build an index again exactly as a new
    /// database has it.
    static func createStatement(ofIndex name: String) throws(StoreError) -> String {
        let prefix = "CREATE INDEX \(name) "
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.hasPrefix(prefix) }),
              let last = lines[first...].firstIndex(where: { $0.contains(";") })
        else { throw StoreError.schemaDefinitionMissing(index: name) }
        return lines[first...last].joined(separator: "\n")
    }
}
