/// Host leases on PostgreSQL (`host_leases`), the same contract as `SQLiteCrawlStore+HostLeases` with these
/// differences: times are the database's clock (`clock_timestamp()`, so crawlers on machines whose clocks
/// differ still agree on expiry; they pass relative delays); grants, renewals and hand-backs are one statement
/// for a whole list of hosts (`unnest`); a grant is a conditional upsert whose `WHERE` PostgreSQL evaluates
/// on the latest row version, so two crawlers granting the same host at once cannot both win (the loser's
/// claim gets no row back and skips the host); tokens come from `lease_token_seq`.
extension PostgresCrawlStore {
    /// A host this claim may serve: held by the crawler, or leasable now.
    struct LeasableHost {
        let host: String
        let held: Bool
    }

    /// Hosts with queued jobs from `after` on, in name order, that `crawler` holds, or may lease now (no
    /// lease, handed back, or expired) and that have a job due now.
    static func leasableHosts(
        after: String, limit: Int, crawler: Int64, now: Double, _ connection: PGConnection
    ) throws -> [LeasableHost] {
        try connection.query("""
            SELECT h.host, coalesce(l.crawler_id = $2 AND l.expires_at > $3, false) AS held
            FROM hosts h LEFT JOIN host_leases l ON l.host = h.host
            WHERE h.host > $1 AND h.queued > 0
              AND ((l.crawler_id = $2 AND l.expires_at > $3)
                   OR ((l.host IS NULL OR l.crawler_id IS NULL OR l.expires_at <= $3)
                       AND EXISTS (SELECT 1 FROM jobs j WHERE j.host = h.host AND j.state = 'queued'
                                   AND j.not_before <= $3)))
            ORDER BY h.host LIMIT $4
            """, [after, PGParam.int(crawler), PGParam.double(now), PGParam.int(limit)]).rows.map {
            LeasableHost(host: $0.text(0), held: $0.bool(1))
        }
    }

    /// The hosts `crawler` holds now, with their tokens.
    static func heldHosts(crawler: Int64, now: Double, _ connection: PGConnection) throws -> [String: Int64] {
        var held: [String: Int64] = [:]
        for row in try connection.query(
            "SELECT host, token FROM host_leases WHERE crawler_id = $1 AND expires_at > $2",
            [PGParam.int(crawler), PGParam.double(now)]).rows {
            held[row.text(0)] = row.int64(1)
        }
        return held
    }

    /// Leases `hosts` to `crawler` under `token` where they are still free; returns the hosts granted with the
    /// seconds to wait before their first request (a handed-back host carries its holder's next start; an
    /// expired one also waits one interval past the expiry, since its holder's last start is unknown).
    static func grant(
        _ hosts: [String], to crawler: Int64, token: Int64, terms: LeaseTerms, minInterval: Double, now: Double,
        _ connection: PGConnection
    ) throws -> [String: Double] {
        guard !hosts.isEmpty else { return [:] }
        var granted: [String: Double] = [:]
        for row in try connection.query("""
            INSERT INTO host_leases AS l (host, crawler_id, token, expires_at, next_start, min_interval)
            SELECT host, $2::bigint, $3::bigint, $4::float8, 0, $5::float8 FROM unnest($1::text[]) AS host ORDER BY host
            ON CONFLICT (host) DO UPDATE SET
                next_start = CASE WHEN l.crawler_id IS NULL THEN l.next_start
                                  ELSE greatest(l.next_start, l.expires_at + l.min_interval) END,
                crawler_id = excluded.crawler_id, token = excluded.token, expires_at = excluded.expires_at,
                min_interval = excluded.min_interval
            WHERE l.crawler_id IS NULL OR l.expires_at <= $6
            RETURNING host, next_start
            """, [PGArray.text(hosts), PGParam.int(crawler), PGParam.int(token), PGParam.double(now + terms.timeout),
                  PGParam.double(minInterval), PGParam.double(now)]).rows {
            granted[row.text(0)] = max(0, row.double(1) - now)
        }
        return granted
    }

    /// Extends the leases the crawler still holds and records their state; returns the hosts it holds no more.
    static func renew(
        _ states: [HostLeaseState], lease: CrawlerLease, now: Double, _ connection: PGConnection
    ) throws -> [String] {
        guard !states.isEmpty else { return [] }
        let renewed = Set(try connection.query("""
            UPDATE host_leases AS l SET expires_at = $1::float8 + $7::float8, next_start = greatest(l.next_start, $1::float8 + s.delay),
                min_interval = s.min_interval
            FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::float8[]) AS s(host, token, delay, min_interval)
            WHERE l.host = s.host AND l.crawler_id = $6 AND l.token = s.token
            RETURNING l.host
            """, [PGParam.double(now), PGArray.text(states.map(\.lease.host)),
                  PGArray.numbers(states.map(\.lease.token)), PGArray.numbers(states.map(\.nextStartDelay)),
                  PGArray.numbers(states.map(\.minInterval)), PGParam.int(lease.crawlerID),
                  PGParam.double(lease.terms.timeout)]).rows.map { $0.text(0) })
        return states.map(\.lease.host).filter { !renewed.contains($0) }
    }

    /// Hands hosts back, free at once for any crawler, with the spacing their next holder continues.
    static func handBack(
        _ states: [HostLeaseState], lease: CrawlerLease, now: Double, _ connection: PGConnection
    ) throws {
        guard !states.isEmpty else { return }
        try connection.query("""
            UPDATE host_leases AS l SET crawler_id = NULL, expires_at = $1, next_start = greatest(l.next_start, $1 + s.delay),
                min_interval = s.min_interval
            FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::float8[]) AS s(host, token, delay, min_interval)
            WHERE l.host = s.host AND l.crawler_id = $6 AND l.token = s.token
            """, [PGParam.double(now), PGArray.text(states.map(\.lease.host)), PGArray.numbers(states.map(\.lease.token)),
                  PGArray.numbers(states.map(\.nextStartDelay)), PGArray.numbers(states.map(\.minInterval)),
                  PGParam.int(lease.crawlerID)])
    }

    /// Ends every lease of crawlers that can send nothing more (stopped, or their process is gone); hosts
    /// not handed back keep one interval of spacing from now.
    static func endLeases(ofCrawlers crawlers: [Int64], now: Double, _ connection: PGConnection) throws {
        guard !crawlers.isEmpty else { return }
        try connection.query("""
            UPDATE host_leases SET crawler_id = NULL, expires_at = $1, next_start = greatest(next_start, $1 + min_interval)
            WHERE crawler_id = ANY($2::bigint[])
            """, [PGParam.double(now), PGArray.numbers(crawlers)])
    }
}
