/// Enqueueing, claiming and recording results: the hot path of a crawl.
extension SQLiteCrawlStore {
    /// Jobs are inserted in transactions of this many rows, so that a huge enqueue commits steadily.
    static let enqueueBatch = 5_000

    public func enqueue(_ jobs: [NewJob]) async throws -> EnqueueCounts {
        try await perform { connection in
            var counts = EnqueueCounts()
            var start = 0
            while start < jobs.count {
                let slice = jobs[start..<min(start + Self.enqueueBatch, jobs.count)]
                try connection.writeTransaction {
                    for job in slice {
                        let inserted = try Self.insertJob(job, connection)
                        if inserted { counts.inserted += 1 } else { counts.duplicates += 1 }
                    }
                }
                start += slice.count
            }
            return counts
        }
    }

    /// Inserts one job unless its URL is known; true when it was new.
    static func insertJob(_ job: NewJob, _ connection: SQLiteConnection) throws -> Bool {
        guard job.checkOnly else {
            return try connection.run(
                "INSERT INTO jobs (url, host, depth, parent_id) VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                .text(job.url), .text(job.host), .int(job.depth), job.parentID.map { .integer($0) } ?? .null
            ) == 1
        }
        guard let id = try connection.scalar("""
            INSERT INTO jobs (url, host, depth, parent_id) VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING
            RETURNING id
            """, .text(job.url), .text(job.host), .int(job.depth), job.parentID.map { .integer($0) } ?? .null
        )?.integer else { return false }
        _ = try connection.run("INSERT INTO link_checks (job_id) VALUES (?)", .integer(id))
        return true
    }

    public func claim(_ request: ClaimRequest, for lease: CrawlerLease) async throws -> ClaimResult {
        try await perform { connection in
            let (result, nextCursor) = try connection.writeTransaction {
                try Self.claim(request, lease: lease, after: self.hostCursor, connection)
            }
            self.hostCursor = nextCursor
            return result
        }
    }

    /// Hands back `request.handback`, then walks the hosts with queued jobs from `cursor` on (wrapping
    /// once) that this crawler holds or may lease, leasing each up to its target; a host is leased only
    /// when it gives jobs now.
    private static func claim(
        _ request: ClaimRequest, lease: CrawlerLease, after cursor: String, _ connection: SQLiteConnection
    ) throws -> (ClaimResult, String) {
        let now = WallClock.now()
        for state in request.handback { try handBack(state, lease: lease, now: now, connection) }
        let held = try heldHosts(crawler: lease.crawlerID, now: now, connection)
        var result = ClaimResult(lost: request.leases.filter { held[$0.host] != $0.token }.map(\.host))
        guard request.maxJobs > 0, request.perHostTarget > 0 else { return (result, cursor) }
        let token = try connection.scalar(
            "UPDATE trawl_meta SET value = value + 1 WHERE key = 'lease_token' RETURNING value"
        )?.integer ?? 0
        let stamp = WallClock.iso8601(now)
        var hostsHeld = held.count
        var lastHost = cursor
        let hostPage = 256
        for pass in 0..<2 {
            var from = pass == 0 ? cursor : ""
            while result.jobs.count < request.maxJobs {
                let hosts = try leasableHosts(after: from, limit: hostPage, crawler: lease.crawlerID, now: now,
                                              connection)
                if hosts.isEmpty { break }
                for candidate in hosts where result.jobs.count < request.maxJobs {
                    lastHost = candidate.host
                    let want = min(request.perHostTarget - request.held[candidate.host, default: 0],
                                   request.maxJobs - result.jobs.count)
                    if want <= 0 || (candidate.heldToken == nil && hostsHeld >= request.maxHosts) { continue }
                    let jobs = try claimJobs(of: candidate.host, count: want, lease: lease, token: token,
                                             stamp: stamp, now: now, connection)
                    if jobs.isEmpty { continue }
                    if candidate.heldToken == nil {
                        let delay = try grant(candidate.host, to: lease.crawlerID, token: token, terms: lease.terms,
                                              minInterval: request.minInterval, now: now, connection)
                        result.granted.append(HostGrant(lease: HostLease(host: candidate.host, token: token),
                                                        startDelay: delay))
                        hostsHeld += 1
                    }
                    result.jobs += jobs
                }
                from = hosts.last!.host
                if hosts.count < hostPage { break }
            }
            if result.jobs.count >= request.maxJobs || cursor.isEmpty { break }
        }
        return (result, result.jobs.count >= request.maxJobs ? lastHost : "")
    }

    /// Leases up to `count` claimable jobs of one host, oldest first.
    private static func claimJobs(
        of host: String, count: Int, lease: CrawlerLease, token: Int64, stamp: String, now: Double,
        _ connection: SQLiteConnection
    ) throws -> [ClaimedJob] {
        let update = try connection.statement("""
            UPDATE jobs SET state = 'in_progress', lease_owner = ?1, lease_token = ?2, updated_at = ?3
            WHERE id IN (SELECT id FROM jobs WHERE host = ?4 AND state = 'queued' AND not_before <= ?5
                         ORDER BY id LIMIT ?6)
            RETURNING id, url, depth, attempts, parent_id,
                      EXISTS (SELECT 1 FROM link_checks WHERE job_id = jobs.id),
                      EXISTS (SELECT 1 FROM pages WHERE job_id = jobs.id),
                      (SELECT etag FROM page_versions WHERE job_id = jobs.id),
                      (SELECT last_modified FROM page_versions WHERE job_id = jobs.id),
                      (SELECT body_hash FROM page_versions WHERE job_id = jobs.id)
            """)
        defer { update.reset() }
        try update.bind([.integer(lease.crawlerID), .integer(token), .text(stamp), .text(host), .real(now),
                         .int(count)])
        return try update.rows {
            let stored = StoredVersion(etag: $0.text(at: 7), lastModified: $0.text(at: 8),
                                       bodyHash: $0.value(at: 9).integer)
            return ClaimedJob(id: Int64($0.int(at: 0)), url: $0.text(at: 1) ?? "", host: host, depth: $0.int(at: 2),
                              attempts: $0.int(at: 3), leaseToken: token, parentID: $0.value(at: 4).integer,
                              checkOnly: $0.int(at: 5) != 0, refetch: $0.int(at: 6) != 0,
                              stored: stored == StoredVersion() ? nil : stored)
        }
    }

    public func record(_ outcomes: [JobOutcome], maxJobsPerHost: Int?) async throws -> RecordSummary {
        guard !outcomes.isEmpty else { return RecordSummary() }
        return try await perform { connection in
            // Ids cached during a transaction that rolls back may not exist: forget them all then.
            defer { if connection.lastTransactionRolledBack { self.linkTargets.removeAll() } }
            return try connection.writeTransaction {
                var summary = RecordSummary()
                var budget = maxJobsPerHost.map { HostJobBudget(limit: $0) }
                let stamp = WallClock.iso8601(WallClock.now())
                for outcome in outcomes {
                    if try Self.record(outcome, stamp: stamp, connection, linkTargets: self.linkTargets,
                                       budget: &budget, into: &summary) {
                        summary.recorded += 1
                    } else {
                        summary.fenced += 1
                    }
                }
                try Self.addLinksNotQueued(summary.linksNotQueued, connection)
                return summary
            }
        }
    }

    /// Writes one outcome if the job still carries its claim's fencing token; false when it does not.
    private static func record(
        _ outcome: JobOutcome, stamp: String, _ connection: SQLiteConnection, linkTargets: LinkTargetCache,
        budget: inout HostJobBudget?, into summary: inout RecordSummary
    ) throws -> Bool {
        let job = outcome.job
        switch outcome {
        case .finished(_, let state, let page, let links, let discovered):
            guard try finish(job, state: state, page: page, requestMade: true, stamp: stamp, connection) else {
                return false
            }
            var targets = try links.map {
                (id: try linkTargets.id(of: $0.url, connection), kinds: $0.kinds, nofollow: $0.nofollow)
            }
            try insertPageLinks(job.id, targets: &targets, connection)
            for newJob in discovered {
                if budget != nil, try !budget!.allows(newJob.host, connection) {
                    // Counted only when it would have been a new job: a URL already queued is no refusal.
                    if try connection.scalar("SELECT 1 FROM jobs WHERE url = ?", .text(newJob.url)) == nil {
                        summary.linksNotQueued[.hostBudget] += 1
                    }
                    continue
                }
                if try insertJob(newJob, connection) {
                    summary.discovered += 1
                    budget?.count(newJob.host)
                }
            }
            // After the inserts: a link another page of this batch queued is not "not queued".
            for dropped in page.droppedLinks where try !jobExists(dropped.url, connection) {
                summary.linksNotQueued[dropped.reason] += 1
            }
            return true
        case .retry(_, let error, let notBefore):
            return try connection.run("""
                UPDATE jobs SET state = 'queued', attempts = attempts + 1, not_before = ?, last_error = ?,
                    lease_owner = NULL, lease_token = NULL, updated_at = ?
                WHERE id = ? AND lease_token = ? AND state = 'in_progress'
                """, .real(notBefore), .text(error), .text(stamp), .integer(job.id), .integer(job.leaseToken)) == 1
        case .release:
            return try connection.run("""
                UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL, updated_at = ?
                WHERE id = ? AND lease_token = ? AND state = 'in_progress'
                """, .text(stamp), .integer(job.id), .integer(job.leaseToken)) == 1
        case .postpone(_, let reason, let notBefore):
            return try connection.run("""
                UPDATE jobs SET state = 'queued', not_before = ?, last_error = ?, lease_owner = NULL,
                    lease_token = NULL, updated_at = ?
                WHERE id = ? AND lease_token = ? AND state = 'in_progress'
                """, .real(notBefore), .text(reason), .text(stamp), .integer(job.id), .integer(job.leaseToken)) == 1
        case .refused(_, let page):
            return try finish(job, state: .failed, page: page, requestMade: false, stamp: stamp, connection)
        }
    }

    private static func jobExists(_ url: String, _ connection: SQLiteConnection) throws -> Bool {
        try connection.scalar("SELECT 1 FROM jobs WHERE url = ?", .text(url)) != nil
    }

    /// Adds a batch's links not queued to the `links_not_queued` counters (summed over runs).
    private static func addLinksNotQueued(_ counts: LinkDropCounts, _ connection: SQLiteConnection) throws {
        for (reason, count) in counts.ordered {
            try connection.run("""
                INSERT INTO links_not_queued (reason, links) VALUES (?, ?)
                ON CONFLICT (reason) DO UPDATE SET links = links + excluded.links
                """, .text(reason.key), .int(count))
        }
    }

    /// The most rows one `page_links` INSERT carries.
    static let pageLinksPerStatement = 64

    /// Writes a page's links, many rows per statement and in target order: a statement per link spent more
    /// time starting and ending statements than inserting, and sorted targets walk page_links' index in
    /// one direction. `kinds` 1 and `nofollow` 0, by far the most common, take no bytes in a row (SQLite's
    /// serial types 8 and 9).
    private static func insertPageLinks(
        _ jobID: Int64, targets: inout [(id: Int64, kinds: Int, nofollow: Bool)], _ connection: SQLiteConnection
    ) throws(SQLiteError) {
        targets.sort { $0.id < $1.id }
        var start = 0
        while start < targets.count {
            let rows = min(pageLinksPerStatement, targets.count - start)
            let statement = try connection.statement(family: "page_links insert", variant: rows) { rows in
                "INSERT OR IGNORE INTO page_links (job_id, target_id, kinds, nofollow) VALUES "
                    + (0..<rows).map { "(?1, ?\($0 * 3 + 2), ?\($0 * 3 + 3), ?\($0 * 3 + 4))" }
                        .joined(separator: ", ")
            }
            defer { statement.reset() }
            try statement.bind(integer: jobID, at: 1)
            for row in 0..<rows {
                let target = targets[start + row]
                try statement.bind(integer: target.id, at: Int32(row * 3 + 2))
                try statement.bind(integer: Int64(target.kinds), at: Int32(row * 3 + 3))
                try statement.bind(integer: target.nofollow ? 1 : 0, at: Int32(row * 3 + 4))
            }
            try statement.run()
            start += rows
        }
    }

    public func outlook(for lease: CrawlerLease) async throws -> QueueOutlook {
        try await perform { connection in
            let queued = try connection.scalar("SELECT coalesce(sum(queued), 0) FROM hosts")?.integer ?? 0
            let next = queued > 0
                ? try connection.scalar("SELECT min(not_before) FROM jobs WHERE state = 'queued'")?.real : nil
            let elsewhere = try connection.scalar(
                "SELECT count(*) FROM jobs WHERE state = 'in_progress' AND lease_owner IS NOT ?",
                .integer(lease.crawlerID))?.integer ?? 0
            return QueueOutlook(queued: Int(queued), nextNotBefore: next, inProgressElsewhere: Int(elsewhere))
        }
    }

    public func status(topHosts: Int) async throws -> QueueStatus {
        try await perform { connection in
            let totals = try connection.statement("""
                SELECT coalesce(sum(queued), 0), coalesce(sum(in_progress), 0), coalesce(sum(done), 0),
                       coalesce(sum(failed), 0), count(*) FROM hosts
                """)
            defer { totals.reset() }
            _ = try totals.step()
            let hosts = try connection.statement("""
                SELECT host, queued, in_progress, done, failed FROM hosts
                ORDER BY queued + in_progress + done + failed DESC, host LIMIT ?
                """)
            defer { hosts.reset() }
            try hosts.bind([.int(topHosts)])
            let top = try hosts.rows {
                HostCounts(host: $0.text(at: 0) ?? "", queued: $0.int(at: 1), inProgress: $0.int(at: 2),
                           done: $0.int(at: 3), failed: $0.int(at: 4))
            }
            return QueueStatus(queued: totals.int(at: 0), inProgress: totals.int(at: 1), done: totals.int(at: 2),
                               failed: totals.int(at: 3), topHosts: top, hostCount: totals.int(at: 4))
        }
    }
}
