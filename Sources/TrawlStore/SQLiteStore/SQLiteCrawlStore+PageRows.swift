/// Writing a finished job's page: the `pages` row, its meta and version, and a `fetches` row per request.
/// A re-fetch (schema version 8) either confirms the stored version (304) or replaces it.
extension SQLiteCrawlStore {
    /// Marks a job finished if it still carries its claim's token, and writes its page row.
    static func finish(
        _ job: ClaimedJob, state: FinishedState, page: PageRecord, requestMade: Bool, stamp: String,
        _ connection: SQLiteConnection
    ) throws -> Bool {
        let owned = try connection.run("""
            UPDATE jobs SET state = ?, attempts = attempts + ?, last_error = ?, lease_owner = NULL,
                lease_token = NULL, updated_at = ?
            WHERE id = ? AND lease_token = ? AND state = 'in_progress'
            """, .text(state.rawValue), .int(requestMade ? 1 : 0), .optional(page.error), .text(stamp),
            .integer(job.id), .integer(job.leaseToken)) == 1
        guard owned else { return false }
        if page.notModified {
            try keepStoredVersion(job, page: page, connection)
        } else {
            try replacePage(job, page: page, connection)
        }
        if requestMade { try addFetch(job, page: page, connection) }
        return true
    }

    /// Writes the page row of a response or a failure. A response (any status) replaces what a re-fetched
    /// page had: links, meta and version go, the new ones are written. A failure without a response keeps
    /// them: they still describe the last version received.
    private static func replacePage(_ job: ClaimedJob, page: PageRecord, _ connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT OR REPLACE INTO pages (job_id, url, final_url, status, title, content_type, bytes,
                fetched_at, elapsed_ms, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, .integer(job.id), .text(job.url), .optional(page.finalURL), .optional(page.status),
            .optional(page.title), .optional(page.contentType), .optional(page.bytes), .text(page.fetchedAt),
            .optional(page.elapsedMilliseconds), .optional(page.error))
        let responded = page.status != nil
        if job.refetch && responded {
            try connection.run("DELETE FROM page_links WHERE job_id = ?", .integer(job.id))
            try connection.run("DELETE FROM page_meta WHERE job_id = ?", .integer(job.id))
            try connection.run("DELETE FROM page_versions WHERE job_id = ?", .integer(job.id))
        }
        if !page.meta.isEmpty {
            let meta = page.meta
            try connection.run("""
                INSERT OR REPLACE INTO page_meta (job_id, canonical_url, description, robots, noindex, nofollow,
                    links_truncated)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, .integer(job.id), .optional(meta.canonicalURL), .optional(meta.description),
                .optional(meta.robots), .int(meta.noindex ? 1 : 0), .int(meta.nofollow ? 1 : 0),
                .int(meta.linksTruncated ? 1 : 0))
        }
        if responded && page.version != StoredVersion() {
            let version = page.version
            try connection.run("""
                INSERT OR REPLACE INTO page_versions (job_id, etag, last_modified, body_hash) VALUES (?, ?, ?, ?)
                """, .integer(job.id), .optional(version.etag), .optional(version.lastModified),
                version.bodyHash.map { .integer($0) } ?? .null)
        }
    }

    /// A 304 to a conditional re-fetch: the stored page stays (title, status, links, meta, hash); its fetch
    /// time and elapsed time are the new ones, and validators the 304 carries replace the stored ones
    /// (RFC 9110 §15.4.5: a 304 sends the ETag and Last-Modified a 200 would have sent).
    private static func keepStoredVersion(_ job: ClaimedJob, page: PageRecord, _ connection: SQLiteConnection)
        throws
    {
        try connection.run("UPDATE pages SET fetched_at = ?, elapsed_ms = ?, error = NULL WHERE job_id = ?",
                           .text(page.fetchedAt), .optional(page.elapsedMilliseconds), .integer(job.id))
        let version = page.version
        if version.etag != nil || version.lastModified != nil {
            try connection.run("""
                UPDATE page_versions SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                WHERE job_id = ?
                """, .optional(version.etag), .optional(version.lastModified), .integer(job.id))
        }
    }

    /// One `fetches` row: the time in milliseconds (from `fetched_at`, so both say the same), the error as
    /// its kind only (`pages.error` keeps the message of the latest fetch).
    private static func addFetch(_ job: ClaimedJob, page: PageRecord, _ connection: SQLiteConnection) throws {
        let hash = page.notModified ? job.stored?.bodyHash : page.version.bodyHash
        try connection.run("""
            INSERT OR IGNORE INTO fetches (job_id, at, status, body_hash, bytes, elapsed_ms, error)
            VALUES (?, CAST(round((julianday(?) - 2440587.5) * 86400000) AS INTEGER), ?, ?, ?, ?, ?)
            """, .integer(job.id), .text(page.fetchedAt), .optional(page.notModified ? 304 : page.status),
            hash.map { .integer($0) } ?? .null, .optional(page.bytes), .optional(page.elapsedMilliseconds),
            .optional(page.error.map(ErrorReason.of)))
    }
}
