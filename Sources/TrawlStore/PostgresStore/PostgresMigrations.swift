/// Upgrades of a PostgreSQL database made by an older trawl, step by step as `Migrations` does for SQLite:
/// step `n` turns version `n - 1` into version `n`, all of them in one transaction with the version bump,
/// so that a database is never left half upgraded. Version 7 is the first PostgreSQL schema; each later
/// schema change adds its step here and to `schema-postgres.sql` together.
enum PostgresMigrations {
    /// Step n: the SQL that turns version n - 1 into version n.
    static let steps: [Int: String] = [8: pageVersionsAndFetchHistory]

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

    /// Version 8: re-crawls (as SQLite's `Migrations.pageVersionsAndFetchHistory`): `page_versions`, the
    /// `fetches` history, the index of finished jobs by time, the views `fetch_history` and `page_changes`.
    /// Only new objects: nothing is rewritten.
    static let pageVersionsAndFetchHistory = """
        CREATE TABLE page_versions (
            job_id        bigint PRIMARY KEY,   -- pages.job_id
            etag          text,                 -- the ETag header as received, sent back as If-None-Match
            last_modified text,                 -- the Last-Modified header as received, sent back as If-Modified-Since
            body_hash     bigint                -- first 8 bytes of the SHA-256 of the decoded body (as schema.sql)
        );
        CREATE TABLE fetches (
            job_id     bigint  NOT NULL,        -- jobs.id
            at         bigint  NOT NULL,        -- Unix time of the fetch in milliseconds
            status     integer,                 -- HTTP status (304: not modified since the fetch before); NULL: no response
            body_hash  bigint,                  -- as page_versions.body_hash; a 304 repeats the hash it confirms
            bytes      bigint,                  -- body bytes received (decoded)
            elapsed_ms integer,                 -- time of the request, connection included
            error      text,                    -- the kind of error, as error_kinds names it; NULL on success
            PRIMARY KEY (job_id, at)
        );
        CREATE INDEX jobs_finished_by_time ON jobs (updated_at) WHERE state IN ('done', 'failed');
        CREATE VIEW fetch_history AS
        SELECT f.job_id, j.url,
               to_char(to_timestamp(f.at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS fetched_at,
               f.status, f.body_hash, f.bytes, f.elapsed_ms, f.error
        FROM fetches f JOIN jobs j ON j.id = f.job_id;
        CREATE VIEW page_changes AS
        WITH ordered AS (
            SELECT job_id, at, status, body_hash, error,
                   lag(at) OVER history AS previous_at, lag(status) OVER history AS previous_status,
                   lag(body_hash) OVER history AS previous_hash, lag(error) OVER history AS previous_error
            FROM fetches
            WINDOW history AS (PARTITION BY job_id ORDER BY at)
        )
        SELECT o.job_id, j.url,
               to_char(to_timestamp(o.previous_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   AS previous_fetched_at,
               to_char(to_timestamp(o.at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS fetched_at,
               o.previous_status, o.status, o.previous_hash, o.body_hash, o.previous_error, o.error,
               CASE WHEN o.previous_error IS DISTINCT FROM o.error THEN 'error'
                    WHEN o.previous_status IS DISTINCT FROM o.status AND o.status <> 304 AND o.previous_status <> 304
                        THEN 'status'
                    ELSE 'content' END AS change
        FROM ordered o JOIN jobs j ON j.id = o.job_id
        WHERE o.previous_at IS NOT NULL
          AND (o.previous_hash IS DISTINCT FROM o.body_hash OR o.previous_error IS DISTINCT FROM o.error
               OR (o.previous_status IS DISTINCT FROM o.status AND o.status <> 304 AND o.previous_status <> 304));
        """
}
