/// Opens a trawl database on PostgreSQL for one kind of use (`DatabaseAccess`), as `DatabaseFile` does for
/// SQLite: `.create` gives an empty database trawl's schema (`schema-postgres.sql`); writing uses upgrade an
/// older one (`PostgresMigrations`); reading uses never write. A database with other tables but no trawl
/// schema, or a newer trawl's schema, is refused without writing anything.
enum PostgresDatabase {
    /// Serialises schema creation and upgrades between trawl processes starting at once
    /// (`pg_advisory_xact_lock`; an arbitrary constant, 'trwl').
    static let schemaLock = "1953658732"

    static func open(_ target: PostgresTarget, access: DatabaseAccess, lockTimeout: Double) throws(StoreError)
        -> PGConnection
    {
        let name = target.description
        let connection: PGConnection
        do {
            connection = try PGConnection(target)
        } catch {
            throw .postgres(target: name, error)
        }
        do {
            try configure(connection, access: access, lockTimeout: lockTimeout)
            var version = try schemaVersion(connection)
            if version == nil {
                guard access == .create else { throw StoreError.missing(path: name, empty: false) }
                try connection.transaction {
                    _ = try connection.query("SELECT pg_advisory_xact_lock(\(schemaLock))")
                    if try schemaVersion(connection) != nil { return }
                    let tables = Int(try connection.scalar("""
                        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')
                        """) ?? "0") ?? 0
                    if tables > 0 {
                        throw StoreError.notATrawlDatabase(
                            path: name, reason: "schema \"\(try connection.scalar("SELECT current_schema()") ?? "")\" "
                                + "has \(tables) tables or views and no trawl_meta table: trawl creates its tables "
                                + "only in an empty database or schema")
                    }
                    try connection.execute(PostgresSchema.sql)
                }
                version = try schemaVersion(connection)
            }
            let found = version ?? 0
            if found > PostgresSchema.version {
                throw StoreError.newerSchema(path: name, version: found, supported: PostgresSchema.version)
            }
            if found < PostgresSchema.version {
                if access == .read {
                    throw StoreError.olderSchema(path: name, version: found, supported: PostgresSchema.version)
                }
                try connection.transaction {
                    _ = try connection.query("SELECT pg_advisory_xact_lock(\(schemaLock))")
                    let current = try schemaVersion(connection) ?? found
                    try PostgresMigrations.upgrade(connection, from: current, name: name)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresError {
            throw .postgres(target: name, error)
        } catch {
            throw .cannotOpen(path: name, reason: "\(error)")
        }
        return connection
    }

    /// The session's settings: its name in pg_stat_activity, `--lock-timeout`, and read-only for reading uses.
    static func configure(_ connection: PGConnection, access: DatabaseAccess, lockTimeout: Double) throws {
        try connection.execute("""
            SET application_name = 'trawl'; SET lock_timeout = '\(Int(lockTimeout * 1000))ms';
            SET idle_in_transaction_session_timeout = '10min'
            """)
        if access == .read { try connection.execute("SET default_transaction_read_only = on") }
    }

    /// `trawl_meta.schema_version`, nil when the schema has no trawl_meta table (no trawl schema). A
    /// trawl_meta without the application mark is another program's table.
    static func schemaVersion(_ connection: PGConnection) throws -> Int? {
        guard try connection.scalar("SELECT to_regclass('trawl_meta') IS NOT NULL") == "t" else { return nil }
        let rows = try connection.query("SELECT key, value FROM trawl_meta WHERE key IN ('application', 'schema_version')")
        let values = Dictionary(rows.rows.map { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        guard values["application"] == "trawl", let version = values["schema_version"].flatMap({ Int($0) }) else {
            throw StoreError.notATrawlDatabase(path: connection.target.description,
                                               reason: "its trawl_meta table is not trawl's")
        }
        return version
    }
}
