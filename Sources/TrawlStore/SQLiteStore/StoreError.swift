/// Why a database could not be used. Messages name the file and say what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The file exists but is not a trawl database; it was left untouched.
    case notATrawlDatabase(path: String, reason: String)
    /// The file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database was made by a newer trawl.
    case newerSchema(path: String, version: Int, supported: Int)
    /// A database operation failed.
    case database(SQLiteError)
    /// This build's embedded schema.sql lacks an index it needs to build again (a build defect).
    case schemaDefinitionMissing(index: String)

    public var description: String {
        switch self {
        case .notATrawlDatabase(let path, let reason):
            "\(path) is not a trawl database (\(reason)); it was left untouched. Pass --db with a new or trawl file."
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .newerSchema(let path, let version, let supported):
            "\(path) has schema version \(version), newer than this trawl supports (\(supported)); upgrade trawl"
        case .database(let error):
            "database error: \(error)"
        case .schemaDefinitionMissing(let index):
            "this trawl's schema.sql has no CREATE INDEX \(index) statement; the build is broken"
        }
    }
}
