/// What users do with the results: the status report, export, and retry.
extension SQLiteCrawlStore {
    /// A crawler whose heartbeat is older than this is not counted as alive (the default lease timeout); one
    /// on this machine whose process is gone is not either (`CrawlerLiveness`).
    static let liveCrawlerWindow = 30.0
    /// `exportBatch` stops adding pages once it holds this many links, so that pages with thousands of
    /// links each still make batches of bounded size.
    static let exportLinkBudget = 20_000

    public func statusReport(topHosts: Int, topErrors: Int) async throws -> StatusReport {
        let queue = try await status(topHosts: topHosts)
        let now = WallClock.now()
        return try await perform { connection in
            let throughput = Throughput(
                lastMinute: try Self.pagesFetched(since: now - 60, connection),
                lastFiveMinutes: try Self.pagesFetched(since: now - 300, connection),
                lastFetchedAt: try connection.scalar("SELECT max(fetched_at) FROM pages")?.text,
                activeSince: try Self.activeSince(now: now, connection), now: now)
            let liveness = CrawlerLiveness(machineName: Self.machineName, now: now, staleAfter: Self.liveCrawlerWindow)
            let registered = try CrawlerLiveness.crawlers(connection)
            let gone = registered.filter(liveness.isGone)
            var abandoned = 0
            for crawler in gone {
                abandoned += Int(try connection.scalar(
                    "SELECT count(*) FROM jobs WHERE state = 'in_progress' AND lease_owner = ?", .integer(crawler.id)
                )?.integer ?? 0)
            }
            let version = try connection.scalar("PRAGMA user_version")?.integer ?? 0
            var report = StatusReport(queue: queue, errors: try Self.commonErrors(topErrors, connection),
                                      throughput: throughput, crawlers: registered.count - gone.count,
                                      schemaVersion: Int(version))
            report.goneCrawlers = gone.count
            report.jobsOfGoneCrawlers = abandoned
            report.missingQueryIndexes = try Self.missingQueryIndexes(connection)
            report.responses = try Self.responseClasses(connection)
            report.linksNotQueued = try Self.linksNotQueued(connection)
            return report
        }
    }

    /// Pages with `fetched_at` at or after `time` (a range of the `pages_by_fetched_at` index).
    private static func pagesFetched(since time: Double, _ connection: SQLiteConnection) throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM pages WHERE fetched_at >= ?",
                                  .text(WallClock.iso8601(time)))?.integer ?? 0)
    }

    /// Since when (Unix time) the database has been crawled: the start of the oldest live crawler, or else
    /// the first page ever fetched; nil for an empty database. Bounds the throughput windows.
    private static func activeSince(now: Double, _ connection: SQLiteConnection) throws -> Double? {
        let crawlerStart = try connection.scalar("""
            SELECT min((julianday(started_at) - 2440587.5) * 86400) FROM crawlers WHERE heartbeat_at > ?
            """, .real(now - Self.liveCrawlerWindow))?.real
        if let crawlerStart { return crawlerStart }
        return try connection.scalar("SELECT (julianday(min(fetched_at)) - 2440587.5) * 86400 FROM pages")?.real
    }

    /// Pages by status class from the `pages_by_status` index alone (grouped by status in index order, then
    /// by class here: no sort; one pass over the index, about 70 ms of CPU per million pages); pages without a
    /// status split into robots.txt-blocked (a range of `pages_by_error_kind`: trawl writes no other message
    /// of that kind) and no response.
    private static func responseClasses(_ connection: SQLiteConnection) throws -> ResponseClasses {
        var classes = ResponseClasses()
        let rows = try connection.statement(
            "SELECT status, count(*) FROM pages WHERE status IS NOT NULL GROUP BY status")
        defer { rows.reset() }
        for (status, count) in try rows.rows({ ($0.int(at: 0), $0.int(at: 1)) }) {
            classes.byClass[status / 100, default: 0] += count
        }
        let withoutStatus = Int(try connection.scalar("SELECT count(*) FROM pages WHERE status IS NULL")?.integer ?? 0)
        classes.robotsBlocked = Int(try connection.scalar(dynamicSQL: """
            SELECT count(*) FROM pages WHERE error IS NOT NULL AND \(ErrorReason.sql) = ?
            """, .text(PageRecord.robotsDisallowed))?.integer ?? 0)
        classes.noResponse = withoutStatus - classes.robotsBlocked
        return classes
    }

    private static func linksNotQueued(_ connection: SQLiteConnection) throws -> LinkDropCounts {
        let rows = try connection.statement("SELECT reason, links FROM links_not_queued")
        defer { rows.reset() }
        var counts = LinkDropCounts()
        for (key, links) in try rows.rows({ ($0.text(at: 0) ?? "", $0.int(at: 1)) }) {
            counts[LinkDropReason.stored(key)] += links
        }
        return counts
    }

    /// Failed pages counted by `ErrorReason`, most common first, each with one full message: the counts come
    /// from the `error_kinds` view, which reads only the `pages_by_error_kind` index; one example per kind is
    /// a seek in the same index.
    private static func commonErrors(_ limit: Int, _ connection: SQLiteConnection) throws -> [ErrorTally] {
        guard limit > 0 else { return [] }
        let kinds = try connection.statement("SELECT kind, pages FROM error_kinds LIMIT ?")
        defer { kinds.reset() }
        try kinds.bind([.int(limit)])
        let counts = try kinds.rows { (kind: $0.text(at: 0) ?? "", count: $0.int(at: 1)) }
        return try counts.map { kind, count in
            let example = try connection.scalar(dynamicSQL:
                "SELECT error FROM pages WHERE error IS NOT NULL AND \(ErrorReason.sql) = ? LIMIT 1", .text(kind))
            return ErrorTally(reason: kind, count: count, example: example?.text ?? kind)
        }
    }

    public func exportBatch(_ selection: FinishedSelection, links: Bool, after: Int64, limit: Int) async throws
        -> [ExportedPage]
    {
        guard limit > 0 else { return [] }
        let states = selection.states
        return try await perform { connection in
            let pages = try connection.statement("""
                SELECT p.job_id, p.url, j.state, j.depth, j.parent_id, j.attempts, p.status, p.final_url, p.title,
                       p.content_type, p.bytes, p.elapsed_ms, p.fetched_at, p.error
                FROM pages p JOIN jobs j ON j.id = p.job_id
                WHERE p.job_id > ? AND j.state IN (?, ?)
                ORDER BY p.job_id LIMIT ?
                """)
            defer { pages.reset() }
            try pages.bind([.integer(after), .text(states[0]), .text(states.last!), .int(limit)])
            var batch: [ExportedPage] = []
            var linkCount = 0
            while linkCount < Self.exportLinkBudget, try pages.step() {
                var page = ExportedPage(
                    jobID: Int64(pages.int(at: 0)), url: pages.text(at: 1) ?? "", state: pages.text(at: 2) ?? "",
                    depth: pages.int(at: 3), parentID: pages.value(at: 4).integer, attempts: pages.int(at: 5),
                    status: pages.optionalInt(at: 6), finalURL: pages.text(at: 7), title: pages.text(at: 8),
                    contentType: pages.text(at: 9), bytes: pages.optionalInt(at: 10),
                    elapsedMilliseconds: pages.optionalInt(at: 11), fetchedAt: pages.text(at: 12),
                    error: pages.text(at: 13))
                if links {
                    let linkRows = try connection.statement("SELECT url FROM links WHERE job_id = ? ORDER BY url")
                    defer { linkRows.reset() }
                    try linkRows.bind([.integer(page.jobID)])
                    page.links = try linkRows.rows { $0.text(at: 0) ?? "" }
                    linkCount += page.links!.count
                }
                batch.append(page)
            }
            return batch
        }
    }

    public func requeue(_ filter: RetryFilter) async throws -> Int {
        // Only the conditions given become SQL, so that SQLite can pick an index for them
        // (jobs_by_host_state for a host, pages_by_status for a status).
        var conditions = ["j.state IN (?, ?)"]
        var values: [SQLiteValue] = [.text(filter.selection.states[0]), .text(filter.selection.states.last!)]
        if let host = filter.host {
            conditions.append("j.host = ?")
            values.append(.text(host))
        }
        if let status = filter.status {
            conditions.append("p.status = ?")
            values.append(.int(status))
        }
        if let text = filter.errorContains {
            conditions.append("instr(lower(coalesce(p.error, j.last_error)), lower(?)) > 0")
            values.append(.text(text))
        }
        let select = "SELECT j.id FROM jobs j LEFT JOIN pages p ON p.job_id = j.id WHERE "
            + conditions.joined(separator: " AND ")
        let stamp = WallClock.iso8601(WallClock.now())
        return try await perform { [values] connection in
            try connection.writeTransaction {
                // The matching ids are set aside first: the conditions read the pages rows deleted below.
                try connection.execute("CREATE TEMP TABLE IF NOT EXISTS requeue_ids (id INTEGER PRIMARY KEY)")
                try connection.execute("DELETE FROM temp.requeue_ids")
                let insert = try connection.statement(dynamicSQL: "INSERT INTO temp.requeue_ids (id) " + select)
                defer { insert.reset() }
                try insert.bind(values)
                while try insert.step() {}
                let count = connection.changes
                try connection.run("DELETE FROM page_links WHERE job_id IN (SELECT id FROM temp.requeue_ids)")
                try connection.run("DELETE FROM page_meta WHERE job_id IN (SELECT id FROM temp.requeue_ids)")
                try connection.run("DELETE FROM page_versions WHERE job_id IN (SELECT id FROM temp.requeue_ids)")
                try connection.run("DELETE FROM pages WHERE job_id IN (SELECT id FROM temp.requeue_ids)")
                try connection.run("""
                    UPDATE jobs SET state = 'queued', attempts = 0, not_before = 0, lease_owner = NULL,
                        lease_token = NULL, updated_at = ?
                    WHERE id IN (SELECT id FROM temp.requeue_ids)
                    """, .text(stamp))
                try connection.execute("DELETE FROM temp.requeue_ids")
                return count
            }
        }
    }
}

extension SQLiteStatement {
    /// The column as an Int, nil when it is NULL.
    func optionalInt(at column: Int32) -> Int? { value(at: column).integer.map(Int.init) }
}
