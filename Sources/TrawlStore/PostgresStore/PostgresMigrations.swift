/// Upgrades of a PostgreSQL database made by an older trawl, step by step as `Migrations` does for SQLite:
/// step `n` turns version `n - 1` into version `n`, all of them in one transaction with the version bump,
/// so that a database is never left half upgraded. Version 7 is the first PostgreSQL schema, so there is no
/// step yet; the next schema change adds its step here and to `schema-postgres.sql` together.
enum PostgresMigrations {
    /// Step n: the SQL that turns version n - 1 into version n.
    static let steps: [Int: String] = [:]

    /// Brings the database from `version` to `target`, applying `steps`; called inside a transaction.
    static func upgrade(
        _ connection: PGConnection, from version: Int, to target: Int = PostgresSchema.version,
        steps: [Int: String] = steps, name: String
    ) throws {
        guard version < target else { return }
        for step in (version + 1)...target {
            guard let sql = steps[step] else {
                throw StoreError.cannotOpen(path: name, reason: "no upgrade from schema version \(step - 1) to \(step) "
                                                + "in this trawl; upgrade with the trawl release that made it")
            }
            try connection.execute(sql)
        }
        try connection.query("UPDATE trawl_meta SET value = $1 WHERE key = 'schema_version'", [String(target)])
    }
}
