#if canImport(Glibc)
import Glibc
#endif

/// Crawler registration and leases: how a dead or paused process's jobs go back to the queue.
extension SQLiteCrawlStore {
    public func registerCrawler(terms: LeaseTerms) async throws -> CrawlerLease {
        let pid = Int(getpid())
        let host = Self.machineName
        return try await perform { connection in
            try connection.writeTransaction {
                let now = WallClock.now()
                let id = try connection.scalar("""
                    INSERT INTO crawlers (pid, hostname, started_at, heartbeat_at) VALUES (?, ?, ?, ?) RETURNING id
                    """, .int(pid), .text(host), .text(WallClock.iso8601(now)), .real(now))?.integer ?? 0
                return CrawlerLease(crawlerID: id, terms: terms)
            }
        }
    }

    public func renewLeases(_ lease: CrawlerLease, hosts: [HostLeaseState]) async throws -> LeaseRenewal {
        try await perform { connection in
            try connection.writeTransaction {
                let now = WallClock.now()
                guard try connection.run("UPDATE crawlers SET heartbeat_at = ? WHERE id = ?",
                                         .real(now), .integer(lease.crawlerID)) == 1
                else { return LeaseRenewal(crawlerAlive: false, lost: hosts.map(\.lease.host)) }
                var lost: [String] = []
                for state in hosts where try !Self.renew(state, lease: lease, now: now, connection) {
                    lost.append(state.lease.host)
                }
                return LeaseRenewal(crawlerAlive: true, lost: lost)
            }
        }
    }

    public func unregister(_ lease: CrawlerLease, handback: [HostLeaseState]) async throws {
        try await perform { connection in
            try connection.writeTransaction {
                let now = WallClock.now()
                for state in handback { try Self.handBack(state, lease: lease, now: now, connection) }
                try Self.endLeases(ofCrawler: lease.crawlerID, now: now, connection)
                try connection.run("DELETE FROM crawlers WHERE id = ?", .integer(lease.crawlerID))
                try Self.requeueOrphans(connection)
            }
        }
    }

    public func reclaimAbandonedJobs(staleAfter: Double) async throws -> Int {
        let host = Self.machineName
        return try await perform { connection in
            try connection.writeTransaction {
                let now = WallClock.now()
                let liveness = CrawlerLiveness(machineName: host, now: now, staleAfter: staleAfter)
                for crawler in try CrawlerLiveness.crawlers(connection) where liveness.isGone(crawler) {
                    try connection.run("DELETE FROM crawlers WHERE id = ?", .integer(crawler.id))
                    if liveness.processIsGone(crawler) {
                        try Self.endLeases(ofCrawler: crawler.id, now: now, connection)
                    }
                }
                return try Self.requeueOrphans(connection)
            }
        }
    }

    /// In-progress jobs whose crawler is no longer registered go back to the queue, their lease voided.
    @discardableResult
    static func requeueOrphans(_ connection: SQLiteConnection) throws -> Int {
        try connection.run("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL
            WHERE state = 'in_progress' AND (lease_owner IS NULL OR lease_owner NOT IN (SELECT id FROM crawlers))
            """)
    }

    static var machineName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The file's structure, checked before a crawl writes to it.
extension SQLiteCrawlStore {
    /// `PRAGMA quick_check`: every page of every table and index is read and its B-tree structure checked
    /// (not whether indexes match their tables, which the full integrity_check adds at many times the cost).
    /// A damaged page that no query of the crawl happens to read would otherwise go unnoticed: a crawl
    /// would report "queue empty" over a file that has lost rows. Throws `StoreError.corrupt` with SQLite's
    /// first finding.
    public func checkStructure() async throws {
        let path = self.path
        try await perform { connection in
            let statement = try connection.statement("PRAGMA quick_check(1)")
            defer { statement.reset() }
            guard try statement.step() else { return }
            let verdict = statement.text(at: 0) ?? ""
            if verdict != "ok" { throw StoreError.corrupt(path: path, detail: verdict) }
        }
    }
}
