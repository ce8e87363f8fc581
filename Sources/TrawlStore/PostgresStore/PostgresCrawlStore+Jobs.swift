/// Enqueueing, claiming and the queue's counts on PostgreSQL: each batch a few statements over arrays.
extension PostgresCrawlStore {
    /// Jobs are inserted in transactions of this many rows, so that a huge enqueue commits steadily.
    static let enqueueBatch = 5_000

    public func enqueue(_ jobs: [NewJob]) async throws -> EnqueueCounts {
        var counts = EnqueueCounts()
        var start = 0
        while start < jobs.count {
            let slice = Array(jobs[start..<min(start + Self.enqueueBatch, jobs.count)])
            let inserted = try await transaction { connection in try Self.insertJobs(slice, connection).count }
            counts.inserted += inserted
            counts.duplicates += slice.count - inserted
            start += slice.count
        }
        return counts
    }

    /// Inserts the jobs whose URL is not known yet, in URL order (so that two transactions inserting the
    /// same URLs wait on each other in one order, never in a cycle); a URL given twice is inserted once.
    /// Returns the new jobs' ids by URL; their `link_checks` rows are written for `checkOnly` jobs.
    @discardableResult
    static func insertJobs(_ jobs: [NewJob], _ connection: PGConnection) throws -> [String: Int64] {
        guard !jobs.isEmpty else { return [:] }
        let rows = try connection.query("""
            INSERT INTO jobs (url, host, depth, parent_id)
            SELECT url, host, depth, parent_id
            FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS n(url, host, depth, parent_id)
            ORDER BY url
            ON CONFLICT (url) DO NOTHING
            RETURNING id, url
            """, [PGArray.text(jobs.map(\.url)), PGArray.text(jobs.map(\.host)), PGArray.numbers(jobs.map(\.depth)),
                  PGArray.numbers(jobs.map(\.parentID))])
        var ids: [String: Int64] = [:]
        for row in rows.rows { ids[row.text(1)] = row.int64(0) }
        let checks = Set(jobs.filter(\.checkOnly).map(\.url)).compactMap { ids[$0] }
        if !checks.isEmpty {
            try connection.query("INSERT INTO link_checks (job_id) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING",
                                 [PGArray.numbers(checks)])
        }
        return ids
    }

    public func claim(_ request: ClaimRequest, for lease: CrawlerLease) async throws -> ClaimResult {
        try await perform { connection in
            let (result, next) = try connection.transaction {
                try Self.claim(request, lease: lease, after: self.hostCursor, connection)
            }
            self.hostCursor = next
            return result
        }
    }

    /// Hands back `request.handback`, then walks the hosts with claimable jobs from `cursor` on (wrapping
    /// once), a page of hosts at a time: leases the free ones it may take (one conditional upsert for the
    /// page, which another crawler's concurrent grant makes fail rather than wait), then claims every
    /// page's jobs in one `UPDATE … FROM (… FOR NO KEY UPDATE SKIP LOCKED)`.
    private static func claim(
        _ request: ClaimRequest, lease: CrawlerLease, after cursor: String, _ connection: PGConnection
    ) throws -> (ClaimResult, String) {
        let now = try PostgresCrawlStore.now(connection)
        try handBack(request.handback, lease: lease, now: now, connection)
        let held = try heldHosts(crawler: lease.crawlerID, now: now, connection)
        var result = ClaimResult(lost: request.leases.filter { held[$0.host] != $0.token }.map(\.host))
        guard request.maxJobs > 0, request.perHostTarget > 0 else { return (result, cursor) }
        let token = Int64(try connection.scalar("SELECT nextval('lease_token_seq')") ?? "0") ?? 0
        let stamp = WallClock.iso8601(WallClock.now())
        var hostsHeld = held.count
        var lastHost = cursor
        let hostPage = 256
        for pass in 0..<2 {
            var from = pass == 0 ? cursor : ""
            while result.jobs.count < request.maxJobs {
                let hosts = try leasableHosts(after: from, limit: hostPage, crawler: lease.crawlerID, now: now,
                                              connection)
                if hosts.isEmpty { break }
                // What each host may give, in walk order, within the claim's total.
                var budget = request.maxJobs - result.jobs.count
                var wants: [(host: String, want: Int, held: Bool)] = []
                for candidate in hosts where budget > 0 {
                    let want = min(request.perHostTarget - request.held[candidate.host, default: 0], budget)
                    if want <= 0 { continue }
                    if !candidate.held {
                        if hostsHeld >= request.maxHosts { continue }
                        hostsHeld += 1
                    }
                    wants.append((candidate.host, want, candidate.held))
                    budget -= want
                }
                let newHosts = wants.filter { !$0.held }.map(\.host)
                let granted = try grant(newHosts, to: lease.crawlerID, token: token, terms: lease.terms,
                                        minInterval: request.minInterval, now: now, connection)
                hostsHeld -= newHosts.count - granted.count
                let serving = wants.filter { $0.held || granted[$0.host] != nil }
                let jobs = try claimJobs(serving.map { ($0.host, $0.want) }, lease: lease, token: token,
                                         stamp: stamp, now: now, connection)
                let hostsWithJobs = Set(jobs.map(\.host))
                // A host leased for jobs that another claim took first goes back at once, as it was.
                let idle = granted.keys.filter { !hostsWithJobs.contains($0) }
                if !idle.isEmpty {
                    try connection.query("""
                        UPDATE host_leases SET crawler_id = NULL, expires_at = $1
                        WHERE host = ANY($2::text[]) AND crawler_id = $3 AND token = $4
                        """, [PGParam.double(now), PGArray.text(idle), PGParam.int(lease.crawlerID), PGParam.int(token)])
                    hostsHeld -= idle.count
                }
                for (host, delay) in granted where hostsWithJobs.contains(host) {
                    result.granted.append(HostGrant(lease: HostLease(host: host, token: token), startDelay: delay))
                }
                result.jobs += jobs
                lastHost = wants.last?.host ?? hosts.last!.host
                from = hosts.last!.host
                if hosts.count < hostPage { break }
            }
            if result.jobs.count >= request.maxJobs || cursor.isEmpty { break }
        }
        return (result, result.jobs.count >= request.maxJobs ? lastHost : "")
    }

    /// Leases up to `want` claimable jobs of each host, oldest first, in one statement. A job row another
    /// session has locked (a `trawl remove` deleting it) is skipped, never waited for.
    private static func claimJobs(
        _ wants: [(host: String, want: Int)], lease: CrawlerLease, token: Int64, stamp: String, now: Double,
        _ connection: PGConnection
    ) throws -> [ClaimedJob] {
        guard !wants.isEmpty else { return [] }
        let rows = try connection.query("""
            WITH w AS (SELECT * FROM unnest($1::text[], $2::int[]) AS w(host, want)),
            pick AS MATERIALIZED (
                SELECT j.id FROM w CROSS JOIN LATERAL (
                    SELECT id FROM jobs
                    WHERE jobs.host = w.host AND jobs.state = 'queued' AND jobs.not_before <= $3
                    ORDER BY id LIMIT w.want FOR NO KEY UPDATE SKIP LOCKED) AS j)
            UPDATE jobs SET state = 'in_progress', lease_owner = $4, lease_token = $5, updated_at = $6
            FROM pick WHERE jobs.id = pick.id
            RETURNING jobs.id, jobs.url, jobs.host, jobs.depth, jobs.attempts, jobs.parent_id,
                      EXISTS (SELECT 1 FROM link_checks WHERE job_id = jobs.id),
                      EXISTS (SELECT 1 FROM pages WHERE job_id = jobs.id),
                      (SELECT etag FROM page_versions WHERE job_id = jobs.id),
                      (SELECT last_modified FROM page_versions WHERE job_id = jobs.id),
                      (SELECT body_hash FROM page_versions WHERE job_id = jobs.id)
            """, [PGArray.text(wants.map(\.host)), PGArray.numbers(wants.map(\.want)), PGParam.double(now),
                  PGParam.int(lease.crawlerID), PGParam.int(token), stamp])
        return rows.rows.map {
            // A job fetched before (queued again by a re-crawl) has its page, and maybe validators to send.
            let stored = StoredVersion(etag: $0[8], lastModified: $0[9], bodyHash: $0.optionalInt64(10))
            return ClaimedJob(id: $0.int64(0), url: $0.text(1), host: $0.text(2), depth: $0.int(3),
                              attempts: $0.int(4), leaseToken: token, parentID: $0.optionalInt64(5),
                              checkOnly: $0.bool(6), refetch: $0.bool(7),
                              stored: stored == StoredVersion() ? nil : stored)
        }.sorted { $0.id < $1.id }
    }

    public func outlook(for lease: CrawlerLease) async throws -> QueueOutlook {
        try await perform { connection in
            let row = try connection.query("""
                SELECT (SELECT coalesce(sum(queued), 0) FROM hosts),
                       (SELECT min(not_before) FROM jobs WHERE state = 'queued'),
                       (SELECT count(*) FROM jobs WHERE state = 'in_progress' AND lease_owner IS DISTINCT FROM $1),
                       extract(epoch FROM clock_timestamp())
                """, [PGParam.int(lease.crawlerID)]).first!
            // The database's clock rules not_before; the caller compares with its own.
            let skew = row.double(3) - WallClock.now()
            let queued = row.int(0)
            return QueueOutlook(queued: queued, nextNotBefore: queued > 0 ? row.optionalDouble(1).map { $0 - skew } : nil,
                                inProgressElsewhere: row.int(2))
        }
    }

    public func status(topHosts: Int) async throws -> QueueStatus {
        try await perform { connection in try Self.status(topHosts: topHosts, connection) }
    }

    static func status(topHosts: Int, _ connection: PGConnection) throws -> QueueStatus {
        let totals = try connection.query("""
            SELECT coalesce(sum(queued), 0), coalesce(sum(in_progress), 0), coalesce(sum(done), 0),
                   coalesce(sum(failed), 0), count(*) FROM hosts
            """).first!
        let top = try connection.query("""
            SELECT host, queued, in_progress, done, failed FROM hosts
            ORDER BY queued + in_progress + done + failed DESC, host LIMIT $1
            """, [PGParam.int(topHosts)]).rows.map {
            HostCounts(host: $0.text(0), queued: $0.int(1), inProgress: $0.int(2), done: $0.int(3), failed: $0.int(4))
        }
        return QueueStatus(queued: totals.int(0), inProgress: totals.int(1), done: totals.int(2),
                           failed: totals.int(3), topHosts: top, hostCount: totals.int(4))
    }
}
