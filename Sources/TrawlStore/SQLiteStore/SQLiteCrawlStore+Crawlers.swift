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
                try connection.run("DELETE FROM crawlers WHERE heartbeat_at < ?", .real(WallClock.now() - staleAfter))
                // A process on this machine that no longer exists needs no timeout to be known dead.
                let local = try connection.statement("SELECT id, pid FROM crawlers WHERE hostname = ?")
                try local.bind([.text(host)])
                let crawlers = try local.rows { (id: Int64($0.int(at: 0)), pid: Int32($0.int(at: 1))) }
                local.reset()
                let now = WallClock.now()
                for crawler in crawlers where kill(crawler.pid, 0) == -1 && errno == ESRCH {
                    try connection.run("DELETE FROM crawlers WHERE id = ?", .integer(crawler.id))
                    try Self.endLeases(ofCrawler: crawler.id, now: now, connection)
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
