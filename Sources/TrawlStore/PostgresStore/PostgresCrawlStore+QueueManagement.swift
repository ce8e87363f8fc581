/// `trawl remove` and `trawl status --in-flight` on PostgreSQL.
extension PostgresCrawlStore {
    public func queuedJobs(_ filter: QueuedJobFilter, after: Int64, limit: Int) async throws -> [QueuedJob] {
        try await perform { connection in
            try connection.query("""
                SELECT id, url, host, depth FROM jobs
                WHERE state = 'queued' AND id > $1 AND ($2::text IS NULL OR host = $2) AND ($3::int IS NULL OR depth > $3)
                ORDER BY id LIMIT $4
                """, [PGParam.int(after), filter.host, PGParam.int(filter.depthOver), PGParam.int(limit)]).rows.map {
                QueuedJob(id: $0.int64(0), url: $0.text(1), host: $0.text(2), depth: $0.int(3))
            }
        }
    }

    /// Deletes these jobs if they are still queued (a crawl may have taken some meanwhile; a row a claim
    /// has locked is left to it); the hosts counters follow (trigger jobs_count_delete).
    public func removeQueued(_ ids: [Int64]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await transaction { connection in
            let removed = try connection.query("""
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE id = ANY($1::bigint[]) AND state = 'queued'
                    ORDER BY id FOR UPDATE SKIP LOCKED)
                RETURNING id
                """, [PGArray.numbers(ids)]).rows.map { $0.int64(0) }
            // A job queued again by `trawl recrawl` still has its page: it goes with the job (its fetches stay).
            for table in ["link_checks", "page_links", "page_meta", "page_versions", "pages"] where !removed.isEmpty {
                try connection.query("DELETE FROM \(table) WHERE job_id = ANY($1::bigint[])",
                                     [PGArray.numbers(removed)])
            }
            return removed.count
        }
    }

    public func inFlight(limit: Int) async throws -> [InFlightJob] {
        try await perform { connection in
            try connection.query("SELECT url, host, pid, since, seconds FROM in_flight LIMIT $1",
                                 [PGParam.int(limit)]).rows.map {
                InFlightJob(url: $0.text(0), host: $0.text(1), pid: $0.optionalInt(2), since: $0.text(3),
                            seconds: $0.double(4))
            }
        }
    }
}
