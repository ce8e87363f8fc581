/// Rows of trawl's tables read and written as text, the same on every backend (the schemas have the same
/// tables and columns: a test compares them). `trawl copy` moves a crawl between databases through it.
public protocol CrawlTables: Sendable {
    /// Up to `limit` rows of `table` (the `columns`, NULL as nil) whose key columns come after `after` (nil:
    /// from the start), in key order.
    func tableRows(_ table: String, columns: [String], key: [String], after: [String?]?, limit: Int) async throws
        -> [[String?]]
    /// Inserts rows as they are (ids kept); one transaction.
    func insertRows(_ table: String, columns: [String], rows: [[String?]]) async throws
    /// Whether the crawl tables hold nothing yet (a copy goes only into a new database).
    func isEmptyCrawl() async throws -> Bool
    /// After inserting rows with their ids: the next generated ids come after them.
    func finishCopy() async throws
}

/// Why a copy could not start.
public enum CopyError: Error, CustomStringConvertible, Sendable {
    case targetNotEmpty(String)
    case crawlRunning(String)

    public var description: String {
        switch self {
        case .targetNotEmpty(let name):
            "\(name) already holds a crawl (jobs or pages); copy into a new database (trawl copy never merges)"
        case .crawlRunning(let name):
            "a crawler is registered on \(name); stop it (or wait until its lease expires) and copy again"
        }
    }
}

/// Moves a whole crawl (jobs, pages, page_meta, page versions and the fetch history, links, link checks, robots.txt cache, saved settings, runs and
/// the links-not-queued counts) from one database to another, table by table in keyset batches, ids kept.
/// In-progress jobs arrive queued; crawler registrations and host leases stay behind (nothing runs on the
/// target yet). The per-host counters are rebuilt by the target's own triggers as jobs arrive.
public enum CrawlCopy {
    /// table, columns, key columns; parents before children.
    static let tables: [(name: String, columns: [String], key: [String])] = [
        ("jobs", ["id", "url", "host", "depth", "state", "attempts", "parent_id", "not_before", "last_error",
                  "enqueued_at", "updated_at"], ["id"]),
        ("pages", ["job_id", "url", "final_url", "status", "title", "content_type", "bytes", "fetched_at",
                   "elapsed_ms", "error"], ["job_id"]),
        ("page_meta", ["job_id", "canonical_url", "description", "robots", "noindex", "nofollow", "links_truncated"],
         ["job_id"]),
        ("page_versions", ["job_id", "etag", "last_modified", "body_hash"], ["job_id"]),
        ("fetches", ["job_id", "at", "status", "body_hash", "bytes", "elapsed_ms", "error"], ["job_id", "at"]),
        ("link_targets", ["id", "url"], ["id"]),
        ("page_links", ["job_id", "target_id", "kinds", "nofollow"], ["job_id", "target_id"]),
        ("link_checks", ["job_id"], ["job_id"]),
        ("robots", ["origin", "fetched_at", "status", "body", "error"], ["origin"]),
        ("crawl_settings", ["name", "value", "updated_at"], ["name"]),
        ("crawl_runs", ["id", "started_at", "ended_at", "pid", "hostname", "settings", "changed", "pages", "done",
                        "failed", "discovered", "ending"], ["id"]),
        ("links_not_queued", ["reason", "links"], ["reason"]),
    ]

    /// Rows moved per table, by table name.
    public static func copy(
        from source: any CrawlTables & CrawlStore, to target: any CrawlTables & CrawlStore, sourceName: String,
        targetName: String, batch: Int = 5_000
    ) async throws -> [(table: String, rows: Int)] {
        if try await source.statusReport(topHosts: 0, topErrors: 0).crawlers > 0 {
            throw CopyError.crawlRunning(sourceName)
        }
        guard try await target.isEmptyCrawl() else { throw CopyError.targetNotEmpty(targetName) }
        var moved: [(table: String, rows: Int)] = []
        for table in tables {
            var after: [String?]? = nil
            var count = 0
            while true {
                var rows = try await source.tableRows(table.name, columns: table.columns, key: table.key,
                                                      after: after, limit: batch)
                if rows.isEmpty { break }
                after = table.key.map { column in rows.last![table.columns.firstIndex(of: column)!] }
                if table.name == "jobs" {
                    // Nothing runs on the target yet: a job a crawler held goes back to the queue.
                    let state = table.columns.firstIndex(of: "state")!
                    for index in rows.indices where rows[index][state] == "in_progress" { rows[index][state] = "queued" }
                }
                try await target.insertRows(table.name, columns: table.columns, rows: rows)
                count += rows.count
            }
            moved.append((table.name, count))
        }
        try await target.finishCopy()
        return moved
    }
}
