/// What users do with the results on PostgreSQL: the status report, export, and retry.
extension PostgresCrawlStore {
    /// The kind of an error (`ErrorReason`) in PostgreSQL's spelling: the expression `pages_by_error_kind`
    /// indexes and the `error_kinds` view groups by.
    static let errorKindSQL = "rtrim(substr(error, 1, least(strpos(error || ':', ':'), strpos(error || '(', '(')) - 1))"

    public func statusReport(topHosts: Int, topErrors: Int) async throws -> StatusReport {
        let machine = SQLiteCrawlStore.machineName
        return try await perform { connection in
            let queue = try Self.status(topHosts: topHosts, connection)
            let now = try Self.now(connection)
            let skew = now - WallClock.now()
            let window = SQLiteCrawlStore.liveCrawlerWindow
            let stamps = [WallClock.iso8601(now - skew - 60), WallClock.iso8601(now - skew - 300)]
            let times = try connection.query("""
                SELECT (SELECT count(*) FROM pages WHERE fetched_at >= $1), (SELECT count(*) FROM pages WHERE fetched_at >= $2),
                       (SELECT max(fetched_at) FROM pages),
                       (SELECT min(extract(epoch FROM started_at::timestamptz)) FROM crawlers WHERE heartbeat_at > $3),
                       (SELECT extract(epoch FROM min(fetched_at)::timestamptz) FROM pages)
                """, stamps + [PGParam.double(now - window)]).first!
            let throughput = Throughput(lastMinute: times.int(0), lastFiveMinutes: times.int(1),
                                        lastFetchedAt: times[2], activeSince: times.optionalDouble(3) ?? times.optionalDouble(4),
                                        now: now - skew)
            let liveness = CrawlerLiveness(machineName: machine, now: now, staleAfter: window)
            let registered = try Self.crawlers(connection)
            let gone = registered.filter(liveness.isGone)
            let abandoned = gone.isEmpty ? 0 : Int(try connection.scalar(
                "SELECT count(*) FROM jobs WHERE state = 'in_progress' AND lease_owner = ANY($1::bigint[])",
                [PGArray.numbers(gone.map(\.id))]) ?? "0") ?? 0
            let version = Int(try connection.scalar("SELECT value FROM trawl_meta WHERE key = 'schema_version'") ?? "")
            var report = StatusReport(queue: queue, errors: try Self.commonErrors(topErrors, connection),
                                      throughput: throughput, crawlers: registered.count - gone.count,
                                      schemaVersion: version ?? 0)
            report.goneCrawlers = gone.count
            report.jobsOfGoneCrawlers = abandoned
            report.missingQueryIndexes = try Self.missingQueryIndexes(connection)
            report.responses = try Self.responseClasses(connection)
            var linksNotQueued = LinkDropCounts()
            for row in try connection.query("SELECT reason, links FROM links_not_queued").rows {
                linksNotQueued[LinkDropReason.stored(row.text(0))] += row.int(1)
            }
            report.linksNotQueued = linksNotQueued
            return report
        }
    }

    private static func responseClasses(_ connection: PGConnection) throws -> ResponseClasses {
        var classes = ResponseClasses()
        for row in try connection.query(
            "SELECT status, count(*) FROM pages WHERE status IS NOT NULL GROUP BY status").rows {
            classes.byClass[row.int(0) / 100, default: 0] += row.int(1)
        }
        let withoutStatus = Int(try connection.scalar("SELECT count(*) FROM pages WHERE status IS NULL") ?? "0") ?? 0
        classes.robotsBlocked = Int(try connection.scalar(
            "SELECT count(*) FROM pages WHERE error IS NOT NULL AND \(errorKindSQL) = $1",
            [PageRecord.robotsDisallowed]) ?? "0") ?? 0
        classes.noResponse = withoutStatus - classes.robotsBlocked
        return classes
    }

    private static func commonErrors(_ limit: Int, _ connection: PGConnection) throws -> [ErrorTally] {
        guard limit > 0 else { return [] }
        return try connection.query("SELECT kind, pages FROM error_kinds LIMIT $1", [PGParam.int(limit)]).rows.map {
            let kind = $0.text(0)
            let example = try connection.scalar(
                "SELECT error FROM pages WHERE error IS NOT NULL AND \(errorKindSQL) = $1 LIMIT 1", [kind])
            return ErrorTally(reason: kind, count: $0.int(1), example: example ?? kind)
        }
    }

    public func exportBatch(_ selection: FinishedSelection, links: Bool, after: Int64, limit: Int) async throws
        -> [ExportedPage]
    {
        guard limit > 0 else { return [] }
        let states = selection.states
        return try await perform { connection in
            let rows = try connection.query("""
                SELECT p.job_id, p.url, j.state, j.depth, j.parent_id, j.attempts, p.status, p.final_url, p.title,
                       p.content_type, p.bytes, p.elapsed_ms, p.fetched_at, p.error
                FROM pages p JOIN jobs j ON j.id = p.job_id
                WHERE p.job_id > $1 AND j.state = ANY($2::text[])
                ORDER BY p.job_id LIMIT $3
                """, [PGParam.int(after), PGArray.text(states), PGParam.int(limit)]).rows
            var batch = rows.map {
                ExportedPage(jobID: $0.int64(0), url: $0.text(1), state: $0.text(2), depth: $0.int(3),
                             parentID: $0.optionalInt64(4), attempts: $0.int(5), status: $0.optionalInt(6),
                             finalURL: $0[7], title: $0[8], contentType: $0[9], bytes: $0.optionalInt(10),
                             elapsedMilliseconds: $0.optionalInt(11), fetchedAt: $0[12], error: $0[13])
            }
            guard links, !batch.isEmpty else { return batch }
            // Links of the whole batch in one query; pages past the link budget wait for the next batch.
            var byPage: [Int64: [String]] = [:]
            for row in try connection.query("""
                SELECT pl.job_id, t.url FROM page_links pl JOIN link_targets t ON t.id = pl.target_id
                WHERE pl.job_id = ANY($1::bigint[]) ORDER BY pl.job_id, t.url COLLATE "C"
                """, [PGArray.numbers(batch.map(\.jobID))]).rows {
                byPage[row.int64(0), default: []].append(row.text(1))
            }
            var linkCount = 0
            var kept = 0
            for index in batch.indices {
                if linkCount >= SQLiteCrawlStore.exportLinkBudget { break }
                batch[index].links = byPage[batch[index].jobID] ?? []
                linkCount += batch[index].links!.count
                kept += 1
            }
            return Array(batch.prefix(kept))
        }
    }

    public func requeue(_ filter: RetryFilter) async throws -> Int {
        var conditions = ["j.state = ANY($1::text[])"]
        var values: [String?] = [PGArray.text(filter.selection.states)]
        if let host = filter.host {
            values.append(host)
            conditions.append("j.host = $\(values.count)")
        }
        if let status = filter.status {
            values.append(String(status))
            conditions.append("p.status = $\(values.count)::int")
        }
        if let text = filter.errorContains {
            values.append(text)
            conditions.append("strpos(lower(coalesce(p.error, j.last_error)), lower($\(values.count))) > 0")
        }
        values.append(WallClock.iso8601(WallClock.now()))
        let stamp = "$\(values.count)"
        let sql = """
            WITH picked AS MATERIALIZED (
                SELECT j.id FROM jobs j LEFT JOIN pages p ON p.job_id = j.id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY j.id FOR NO KEY UPDATE OF j),
            links AS (DELETE FROM page_links WHERE job_id IN (SELECT id FROM picked)),
            meta AS (DELETE FROM page_meta WHERE job_id IN (SELECT id FROM picked)),
            versions AS (DELETE FROM page_versions WHERE job_id IN (SELECT id FROM picked)),
            gone AS (DELETE FROM pages WHERE job_id IN (SELECT id FROM picked))
            UPDATE jobs SET state = 'queued', attempts = 0, not_before = 0, lease_owner = NULL, lease_token = NULL,
                updated_at = \(stamp)
            WHERE id IN (SELECT id FROM picked)
            """
        let parameters = values
        return try await transaction { connection in try connection.query(sql, parameters).affected }
    }
}
