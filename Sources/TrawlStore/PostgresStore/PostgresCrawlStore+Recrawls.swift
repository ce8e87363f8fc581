/// `trawl recrawl` and `--recrawl-interval` on PostgreSQL, as `SQLiteCrawlStore+Recrawls`: finished jobs found
/// by when they finished (the partial index `jobs_finished_by_time`), and put back in the queue with their
/// pages kept, so that the re-fetch can be conditional and its result compared.
extension PostgresCrawlStore {
    /// Finished jobs matching `filter` after `cursor`, oldest first, at most `limit`. The literal
    /// `state IN ('done', 'failed')` is what lets the planner use the partial index.
    public func finishedJobs(_ filter: FinishedJobFilter, after cursor: FinishedJobCursor, limit: Int) async throws
        -> [FinishedJob]
    {
        guard limit > 0, !filter.states.isEmpty else { return [] }
        let before = WallClock.iso8601(filter.finishedBefore)
        let states = PGArray.text(filter.states.map(\.rawValue))
        return try await perform { connection in
            try connection.query("""
                SELECT id, url, host, state, updated_at FROM jobs
                WHERE state IN ('done', 'failed') AND state = ANY($1::text[]) AND updated_at < $2
                  AND ($3::text IS NULL OR host = $3) AND (updated_at, id) > ($4, $5::bigint)
                ORDER BY updated_at, id LIMIT $6
                """, [states, before, filter.host, cursor.finishedAt, PGParam.int(cursor.id),
                      PGParam.int(limit)]).rows.map {
                FinishedJob(id: $0.int64(0), url: $0.text(1), host: $0.text(2),
                            state: FinishedState(rawValue: $0.text(3)) ?? .done, finishedAt: $0.text(4))
            }
        }
    }

    /// Puts these jobs back in the queue if they are still finished: state `queued`, attempts 0, no
    /// back-off; their pages, links and versions stay until the re-fetch replaces or confirms them (the
    /// hosts counters follow by trigger). Returns how many were queued again.
    public func requeueForRecrawl(_ ids: [Int64]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let stamp = WallClock.iso8601(WallClock.now())
        return try await transaction { connection in
            try connection.query("""
                UPDATE jobs SET state = 'queued', attempts = 0, not_before = 0, lease_owner = NULL,
                    lease_token = NULL, updated_at = $2
                WHERE id IN (SELECT id FROM jobs WHERE id = ANY($1::bigint[]) AND state IN ('done', 'failed')
                             ORDER BY id FOR NO KEY UPDATE SKIP LOCKED)
                """, [PGArray.numbers(ids), stamp]).affected
        }
    }
}
