/// Host leases on SQLite (`host_leases`): grant, renewal, hand-back and expiry, each one statement run
/// inside the caller's write transaction. The rules (how long, when to stop) are `LeaseTerms`'; this file
/// only keeps the table.
///
/// Times are this machine's Unix time: every crawler on one SQLite file runs on the machine that holds it.
///
/// Where the PostgreSQL store will differ (same contract, same `LeaseTerms`, same tests): times are the
/// database's `now()` (crawlers already pass relative delays); the walk over leasable hosts becomes one
/// `… FOR UPDATE SKIP LOCKED` statement over `hosts` ordered by `next_start`, so that crawlers never wait on
/// each other's rows (SQLite has one writer at a time, so a plain walk is already exclusive); renewals and
/// hand-backs take arrays (`unnest`) in one statement; tokens come from a sequence, not the `trawl_meta`
/// counter row; a dead crawler is known by its PID only on its own machine, elsewhere by its expired lease.
/// Renewing every held row each heartbeat is cheap here; at thousands of hosts per crawler on PostgreSQL,
/// tying lease validity to the `crawlers` row (one row renewed) is the better trade.
extension SQLiteCrawlStore {
    /// A host this claim may serve: held by `crawler`, or leasable now.
    struct LeasableHost {
        let host: String
        /// The crawler's own token when it holds the host, nil when the host must be leased first.
        let heldToken: Int64?
    }

    /// Hosts with queued jobs from `after` on, in name order, that `crawler` holds or may lease now (no
    /// lease, handed back, or expired).
    static func leasableHosts(
        after: String, limit: Int, crawler: Int64, now: Double, _ connection: SQLiteConnection
    ) throws -> [LeasableHost] {
        let statement = try connection.statement("""
            SELECT h.host, CASE WHEN l.crawler_id = ?2 AND l.expires_at > ?3 THEN l.token END
            FROM hosts h LEFT JOIN host_leases l ON l.host = h.host
            WHERE h.host > ?1 AND h.queued > 0
              AND (l.host IS NULL OR l.crawler_id IS NULL OR l.crawler_id = ?2 OR l.expires_at <= ?3)
            ORDER BY h.host LIMIT ?4
            """)
        defer { statement.reset() }
        try statement.bind([.text(after), .integer(crawler), .real(now), .int(limit)])
        return try statement.rows { LeasableHost(host: $0.text(at: 0) ?? "", heldToken: $0.value(at: 1).integer) }
    }

    /// The hosts `crawler` holds now, with their tokens.
    static func heldHosts(crawler: Int64, now: Double, _ connection: SQLiteConnection) throws -> [String: Int64] {
        let statement = try connection.statement(
            "SELECT host, token FROM host_leases WHERE crawler_id = ? AND expires_at > ?")
        defer { statement.reset() }
        try statement.bind([.integer(crawler), .real(now)])
        var held: [String: Int64] = [:]
        for (host, token) in try statement.rows({ ($0.text(at: 0) ?? "", Int64($0.int(at: 1))) }) {
            held[host] = token
        }
        return held
    }

    /// Leases `host` to `crawler` under `token`; returns the seconds to wait before its first request.
    ///
    /// A host handed back carries its holder's `next_start`. A host whose lease *expired* was not handed
    /// back: its holder stopped by itself no later than the expiry, at an unknown last start, so the new
    /// holder also waits one interval past the expiry.
    static func grant(
        _ host: String, to crawler: Int64, token: Int64, terms: LeaseTerms, minInterval: Double, now: Double,
        _ connection: SQLiteConnection
    ) throws -> Double {
        let nextStart = try connection.scalar("""
            INSERT INTO host_leases (host, crawler_id, token, expires_at, next_start, min_interval)
            VALUES (?1, ?2, ?3, ?4, 0, ?5)
            ON CONFLICT (host) DO UPDATE SET
                next_start = CASE WHEN crawler_id IS NULL THEN next_start
                                  ELSE max(next_start, expires_at + min_interval) END,
                crawler_id = excluded.crawler_id, token = excluded.token, expires_at = excluded.expires_at,
                min_interval = excluded.min_interval
            RETURNING next_start
            """, .text(host), .integer(crawler), .integer(token), .real(now + terms.timeout),
            .real(minInterval))?.real ?? 0
        return max(0, nextStart - now)
    }

    /// Extends a lease the crawler still holds and records its state; false when it holds it no more.
    static func renew(
        _ state: HostLeaseState, lease: CrawlerLease, now: Double, _ connection: SQLiteConnection
    ) throws -> Bool {
        try connection.run("""
            UPDATE host_leases SET expires_at = ?1, next_start = max(next_start, ?2), min_interval = ?3
            WHERE host = ?4 AND crawler_id = ?5 AND token = ?6
            """, .real(now + lease.terms.timeout), .real(now + state.nextStartDelay), .real(state.minInterval),
            .text(state.lease.host), .integer(lease.crawlerID), .integer(state.lease.token)) == 1
    }

    /// Hands a host back, free at once for any crawler, with the spacing its next holder continues.
    static func handBack(
        _ state: HostLeaseState, lease: CrawlerLease, now: Double, _ connection: SQLiteConnection
    ) throws {
        try connection.run("""
            UPDATE host_leases SET crawler_id = NULL, expires_at = ?1, next_start = max(next_start, ?2),
                min_interval = ?3
            WHERE host = ?4 AND crawler_id = ?5 AND token = ?6
            """, .real(now), .real(now + state.nextStartDelay), .real(state.minInterval),
            .text(state.lease.host), .integer(lease.crawlerID), .integer(state.lease.token))
    }

    /// Ends every lease of a crawler that can send nothing more (it stopped, or its process is gone); hosts
    /// it did not hand back keep one interval of spacing from now.
    static func endLeases(ofCrawler crawler: Int64, now: Double, _ connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE host_leases SET crawler_id = NULL, expires_at = ?1, next_start = max(next_start, ?1 + min_interval)
            WHERE crawler_id = ?2
            """, .real(now), .integer(crawler))
    }
}
