internal import CTrawlSchema

/// The schema the binary applies to a new database: the bytes of the repository's `schema.sql`, embedded
/// at build time (see `Sources/CTrawlSchema`), never a second hand-kept copy.
public enum Schema {
    public static var sql: String { String(cString: trawl_schema_sql()) }
    /// `PRAGMA application_id` of every trawl database ('trwl').
    public static let applicationID: Int64 = 0x7472_776C
    /// `PRAGMA user_version` this build creates and understands; older versions are upgraded on open
    /// (`Migrations`), newer ones refused.
    public static let version: Int64 = 3
}
