/// `trawl recrawl` and `--recrawl-interval`: finished jobs found by when they finished, and put back in the
/// queue with their pages kept, so that the re-fetch can be conditional and its result compared.
extension SQLiteCrawlStore {
    /// Finished jobs matching `filter` after `cursor`, oldest first, at most `limit`: a range of the partial
    /// index `jobs_finished_by_time`, which holds finished jobs only, so finding what is due costs the same
    /// whatever the size of the queue. `INDEXED BY` because without statistics SQLite prefers
    /// `jobs_by_state`, which would read every finished job; the literal `state IN ('done', 'failed')` is
    /// what lets SQLite use a partial index at all.
    public func finishedJobs(_ filter: FinishedJobFilter, after cursor: FinishedJobCursor, limit: Int) async throws
        -> [FinishedJob]
    {
        guard limit > 0, let first = filter.states.first else { return [] }
        let before = WallClock.iso8601(filter.finishedBefore)
        return try await perform { connection in
            let rows = try connection.statement("""
                SELECT id, url, host, state, updated_at FROM jobs INDEXED BY jobs_finished_by_time
                WHERE state IN ('done', 'failed') AND state IN (?1, ?2) AND updated_at < ?3
                  AND (?4 IS NULL OR host = ?4) AND (updated_at, id) > (?5, ?6)
                ORDER BY updated_at, id LIMIT ?7
                """)
            defer { rows.reset() }
            try rows.bind([.text(first.rawValue), .text(filter.states.last!.rawValue), .text(before),
                           .optional(filter.host), .text(cursor.finishedAt), .integer(cursor.id), .int(limit)])
            return try rows.rows {
                FinishedJob(id: Int64($0.int(at: 0)), url: $0.text(at: 1) ?? "", host: $0.text(at: 2) ?? "",
                            state: FinishedState(rawValue: $0.text(at: 3) ?? "") ?? .done,
                            finishedAt: $0.text(at: 4) ?? "")
            }
        }
    }

    /// Puts these jobs back in the queue if they are still finished: state `queued`, attempts 0, no
    /// back-off. Unlike `requeue` (`trawl retry`) their pages, links and versions stay until the re-fetch
    /// replaces or confirms them. Returns how many were queued again.
    public func requeueForRecrawl(_ ids: [Int64]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let stamp = WallClock.iso8601(WallClock.now())
        return try await perform { connection in
            try connection.writeTransaction {
                var queued = 0
                for id in ids {
                    queued += try connection.run("""
                        UPDATE jobs SET state = 'queued', attempts = 0, not_before = 0, lease_owner = NULL,
                            lease_token = NULL, updated_at = ?
                        WHERE id = ? AND state IN ('done', 'failed')
                        """, .text(stamp), .integer(id))
                }
                return queued
            }
        }
    }
}
