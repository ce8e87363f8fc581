#if canImport(Glibc)
import Glibc
#endif

/// Crawler registration and leases on PostgreSQL: heartbeats in the database's clock; a crawler on this
/// machine whose process is gone loses its hosts at once, one elsewhere only when its lease expires.
extension PostgresCrawlStore {
    public func registerCrawler(terms: LeaseTerms) async throws -> CrawlerLease {
        let pid = Int(getpid())
        let host = SQLiteCrawlStore.machineName
        let started = WallClock.iso8601(WallClock.now())
        try await limitIdleTransactions(to: terms.timeout)
        return try await transaction { connection in
            let id = Int64(try connection.scalar("""
                INSERT INTO crawlers (pid, hostname, started_at, heartbeat_at)
                VALUES ($1, $2, $3, extract(epoch FROM clock_timestamp())) RETURNING id
                """, [PGParam.int(pid), host, started]) ?? "0") ?? 0
            return CrawlerLease(crawlerID: id, terms: terms)
        }
    }

    public func renewLeases(_ lease: CrawlerLease, hosts: [HostLeaseState]) async throws -> LeaseRenewal {
        try await transaction { connection in
            let now = try Self.now(connection)
            guard try connection.query("UPDATE crawlers SET heartbeat_at = $1 WHERE id = $2",
                                       [PGParam.double(now), PGParam.int(lease.crawlerID)]).affected == 1
            else { return LeaseRenewal(crawlerAlive: false, lost: hosts.map(\.lease.host)) }
            return LeaseRenewal(crawlerAlive: true, lost: try Self.renew(hosts, lease: lease, now: now, connection))
        }
    }

    public func unregister(_ lease: CrawlerLease, handback: [HostLeaseState]) async throws {
        try await transaction { connection in
            let now = try Self.now(connection)
            try Self.handBack(handback, lease: lease, now: now, connection)
            try Self.endLeases(ofCrawlers: [lease.crawlerID], now: now, connection)
            try connection.query("DELETE FROM crawlers WHERE id = $1", [PGParam.int(lease.crawlerID)])
            try Self.requeueOrphans(connection)
        }
    }

    public func reclaimAbandonedJobs(staleAfter: Double) async throws -> Int {
        let machine = SQLiteCrawlStore.machineName
        return try await transaction { connection in
            let now = try Self.now(connection)
            let liveness = CrawlerLiveness(machineName: machine, now: now, staleAfter: staleAfter)
            let gone = try Self.crawlers(connection).filter(liveness.isGone)
            guard !gone.isEmpty else { return try Self.requeueOrphans(connection) }
            try connection.query("DELETE FROM crawlers WHERE id = ANY($1::bigint[])",
                                 [PGArray.numbers(gone.map(\.id))])
            try Self.endLeases(ofCrawlers: gone.filter(liveness.processIsGone).map(\.id), now: now, connection)
            return try Self.requeueOrphans(connection)
        }
    }

    /// In-progress jobs whose crawler is no longer registered go back to the queue, their lease voided.
    @discardableResult
    static func requeueOrphans(_ connection: PGConnection) throws -> Int {
        try connection.query("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL
            WHERE state = 'in_progress'
              AND (lease_owner IS NULL OR NOT EXISTS (SELECT 1 FROM crawlers c WHERE c.id = jobs.lease_owner))
            """).affected
    }

    /// The `crawlers` rows, `started_at` as Unix seconds.
    static func crawlers(_ connection: PGConnection) throws -> [CrawlerLiveness.Crawler] {
        try connection.query("""
            SELECT id, pid, hostname, extract(epoch FROM started_at::timestamptz), heartbeat_at FROM crawlers
            """).rows.map {
            CrawlerLiveness.Crawler(id: $0.int64(0), pid: Int32(truncatingIfNeeded: $0.int(1)), hostname: $0.text(2),
                                    startedAt: $0.double(3), heartbeatAt: $0.double(4))
        }
    }

    /// Before a crawl writes: the server answers, every table and view of the schema is there, and no index
    /// is left invalid (an interrupted `CREATE INDEX CONCURRENTLY` leaves one that queries ignore and every
    /// write still updates). Damage inside a table's pages is PostgreSQL's to find (checksums, amcheck).
    public func checkStructure() async throws {
        let name = self.name
        try await perform { connection in
            let expected = ["jobs", "pages", "link_targets", "page_links", "page_meta", "hosts", "robots", "crawlers",
                            "trawl_meta", "crawl_settings", "crawl_runs", "link_checks", "host_leases",
                            "links_not_queued", "links", "in_flight", "broken_links", "blocked_links", "redirects",
                            "error_kinds", "host_summary", "crawl_progress"]
            let missing = try connection.query(
                "SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL",
                [PGArray.text(expected)]).rows.map { $0.text(0) }
            if !missing.isEmpty {
                throw StoreError.corrupt(path: name, detail: "missing \(missing.joined(separator: ", "))")
            }
            let invalid = try connection.query("""
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT i.indisvalid
                """).rows.map { $0.text(0) }
            if !invalid.isEmpty {
                throw StoreError.corrupt(path: name, detail: "invalid index \(invalid.joined(separator: ", ")) "
                                             + "(DROP INDEX it; trawl index builds it again)")
            }
        }
    }
}
