/// Re-crawls on PostgreSQL (schema version 8), as `SQLiteCrawlStore+PageRows` does for SQLite, each step one
/// statement over arrays for the whole batch: the stored version of a re-fetched page replaced or confirmed
/// (304), and one `fetches` row per request.
extension PostgresCrawlStore {
    /// A re-fetch that got a response (any status) replaces what its page had: its links, meta and version
    /// go, before the new ones are written. A failure without a response keeps them: they still describe
    /// the last version received.
    static func clearRefetched(_ pages: [(job: ClaimedJob, page: PageRecord)], _ connection: PGConnection) throws {
        let ids = pages.filter { $0.job.refetch && $0.page.status != nil }.map(\.job.id)
        guard !ids.isEmpty else { return }
        for table in ["page_links", "page_meta", "page_versions"] {
            try connection.query("DELETE FROM \(table) WHERE job_id = ANY($1::bigint[])", [PGArray.numbers(ids)])
        }
    }

    /// The `page_versions` rows of responses that carried validators or a body hash.
    static func writeVersions(_ pages: [(job: ClaimedJob, page: PageRecord)], _ connection: PGConnection) throws {
        let versions = pages.filter { $0.page.status != nil && $0.page.version != StoredVersion() }
        guard !versions.isEmpty else { return }
        try connection.query("""
            INSERT INTO page_versions (job_id, etag, last_modified, body_hash)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[])
            ON CONFLICT (job_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                body_hash = excluded.body_hash
            """, [PGArray.numbers(versions.map(\.job.id)), PGArray.text(versions.map(\.page.version.etag)),
                  PGArray.text(versions.map(\.page.version.lastModified)),
                  PGArray.numbers(versions.map(\.page.version.bodyHash))])
    }

    /// 304s to conditional re-fetches: the stored pages stay (title, status, links, meta, hash); their fetch
    /// and elapsed times are the new ones, and validators a 304 carries replace the stored ones (RFC 9110
    /// §15.4.5: a 304 sends the ETag and Last-Modified a 200 would have sent).
    static func keepStoredVersions(_ pages: [(job: ClaimedJob, page: PageRecord)], _ connection: PGConnection)
        throws
    {
        guard !pages.isEmpty else { return }
        let ids = PGArray.numbers(pages.map(\.job.id))
        try connection.query("""
            UPDATE pages AS p SET fetched_at = o.fetched_at, elapsed_ms = o.elapsed_ms, error = NULL
            FROM unnest($1::bigint[], $2::text[], $3::int[]) AS o(job_id, fetched_at, elapsed_ms)
            WHERE p.job_id = o.job_id
            """, [ids, PGArray.text(pages.map(\.page.fetchedAt)),
                  PGArray.numbers(pages.map(\.page.elapsedMilliseconds))])
        try connection.query("""
            UPDATE page_versions AS v SET etag = coalesce(o.etag, v.etag),
                last_modified = coalesce(o.last_modified, v.last_modified)
            FROM unnest($1::bigint[], $2::text[], $3::text[]) AS o(job_id, etag, last_modified)
            WHERE v.job_id = o.job_id AND (o.etag IS NOT NULL OR o.last_modified IS NOT NULL)
            """, [ids, PGArray.text(pages.map(\.page.version.etag)),
                  PGArray.text(pages.map(\.page.version.lastModified))])
    }

    /// One `fetches` row per request that finished a job: the time in milliseconds (from `fetched_at`, so
    /// both say the same), the error as its kind only (`pages.error` keeps the message of the latest fetch);
    /// a 304 repeats the hash of the version it confirms.
    static func writeFetches(_ pages: [(job: ClaimedJob, page: PageRecord)], _ connection: PGConnection) throws {
        guard !pages.isEmpty else { return }
        try connection.query("""
            INSERT INTO fetches (job_id, at, status, body_hash, bytes, elapsed_ms, error)
            SELECT job_id, round(extract(epoch FROM fetched_at::timestamptz) * 1000)::bigint, status, body_hash,
                   bytes, elapsed_ms, error
            FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::int[], $7::text[])
                AS f(job_id, fetched_at, status, body_hash, bytes, elapsed_ms, error)
            ORDER BY job_id
            ON CONFLICT (job_id, at) DO NOTHING
            """, [PGArray.numbers(pages.map(\.job.id)), PGArray.text(pages.map(\.page.fetchedAt)),
                  PGArray.numbers(pages.map { $0.page.notModified ? 304 : $0.page.status }),
                  PGArray.numbers(pages.map { $0.page.notModified ? $0.job.stored?.bodyHash : $0.page.version.bodyHash }),
                  PGArray.numbers(pages.map(\.page.bytes)), PGArray.numbers(pages.map(\.page.elapsedMilliseconds)),
                  PGArray.text(pages.map { $0.page.error.map(ErrorReason.of) })])
    }
}
