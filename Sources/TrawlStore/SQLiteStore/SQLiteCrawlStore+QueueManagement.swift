/// `trawl remove` and `trawl status --in-flight`: looking into the queue and pruning it.
extension SQLiteCrawlStore {
    /// Queued jobs matching `filter` with an id above `after`, in id order: keyset pages, so that pruning a
    /// queue of millions never holds a read transaction for long.
    public func queuedJobs(_ filter: QueuedJobFilter, after: Int64, limit: Int) async throws -> [QueuedJob] {
        try await perform { connection in
            let rows = try connection.statement("""
                SELECT id, url, host, depth FROM jobs
                WHERE state = 'queued' AND id > ?1 AND (?2 IS NULL OR host = ?2) AND (?3 IS NULL OR depth > ?3)
                ORDER BY id LIMIT ?4
                """)
            defer { rows.reset() }
            try rows.bind([.integer(after), .optional(filter.host), .optional(filter.depthOver), .int(limit)])
            return try rows.rows {
                QueuedJob(id: Int64($0.int(at: 0)), url: $0.text(at: 1) ?? "", host: $0.text(at: 2) ?? "",
                          depth: $0.int(at: 3))
            }
        }
    }

    /// Deletes these jobs if they are still queued (a crawl may have taken some meanwhile); returns how many
    /// were deleted. The hosts counters follow (trigger jobs_count_delete).
    public func removeQueued(_ ids: [Int64]) async throws -> Int {
        try await perform { connection in
            try connection.writeTransaction {
                var removed = 0
                for id in ids {
                    let deleted = try connection.run(
                        "DELETE FROM jobs WHERE id = ? AND state = 'queued'", .integer(id))
                    if deleted == 1 {
                        removed += 1
                        _ = try connection.run("DELETE FROM link_checks WHERE job_id = ?", .integer(id))
                        // A job queued again by `trawl recrawl` still has its page: it goes with the job.
                        _ = try connection.run("DELETE FROM page_links WHERE job_id = ?", .integer(id))
                        _ = try connection.run("DELETE FROM page_meta WHERE job_id = ?", .integer(id))
                        _ = try connection.run("DELETE FROM page_versions WHERE job_id = ?", .integer(id))
                        _ = try connection.run("DELETE FROM pages WHERE job_id = ?", .integer(id))
                    }
                }
                return removed
            }
        }
    }

    public func inFlight(limit: Int) async throws -> [InFlightJob] {
        try await perform { connection in
            let rows = try connection.statement(
                "SELECT url, host, pid, since, seconds FROM in_flight LIMIT ?")
            defer { rows.reset() }
            try rows.bind([.int(limit)])
            return try rows.rows {
                InFlightJob(url: $0.text(at: 0) ?? "", host: $0.text(at: 1) ?? "", pid: $0.optionalInt(at: 2),
                            since: $0.text(at: 3) ?? "", seconds: $0.double(at: 4))
            }
        }
    }

    /// Jobs per host, for `--max-pages-per-host` (counted from the hosts counters, across runs).
    static func jobCount(ofHost host: String, _ connection: SQLiteConnection) throws -> Int {
        Int(try connection.scalar(
            "SELECT queued + in_progress + done + failed FROM hosts WHERE host = ?", .text(host))?.integer ?? 0)
    }
}

/// `--max-pages-per-host` inside one write transaction: each host's job count read once from the hosts
/// counters, then kept up to date as jobs are inserted.
struct HostJobBudget {
    let limit: Int
    private var counts: [String: Int] = [:]

    init(limit: Int) { self.limit = limit }

    /// Whether one more job of `host` stays within the limit.
    mutating func allows(_ host: String, _ connection: SQLiteConnection) throws -> Bool {
        if counts[host] == nil { counts[host] = try SQLiteCrawlStore.jobCount(ofHost: host, connection) }
        return counts[host]! < limit
    }

    mutating func count(_ host: String) { counts[host, default: 0] += 1 }
}
