import Testing
@testable import TrawlStore

/// A crawler stopped in the middle of a transaction (SIGSTOP, a stalled machine, a cut network) keeps that
/// transaction's row locks on the PostgreSQL server. Its hosts must still be taken over once its lease ends,
/// not when another crawler's `lock_timeout` runs out: the server ends a transaction left idle for a whole
/// lease timeout (`idle_in_transaction_session_timeout`, set when the crawler registers).
@Suite("Store: a PostgreSQL crawler stalled inside a transaction")
struct StorePostgresStalledCrawlerTests {
    static let idleInTransaction =
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = current_database()"

    @Test("its host lease row is freed by the server when its lease ends, and another crawler claims the host")
    func stalledTransactionEndsWithTheLease() async throws {
        let url = try await TestPostgres.shared.createDatabase()
        defer { TestPostgres.shared.dropDatabase(url) }
        let stalled = try await offPool { try PostgresCrawlStore(target: PostgresTarget(url)) }
        // The other crawler waits up to 60 s for a lock: far longer than the stalled one's 2 s lease, so a
        // claim that only gets through once its lock wait gives up fails this test.
        let other = try await offPool { try PostgresCrawlStore(target: PostgresTarget(url), lockTimeout: 60) }
        _ = try await stalled.enqueue((0..<10).map { NewJob(url: "http://a.test/\($0)", host: "a.test", depth: 0) })
        let leaseTimeout = 2.0
        let first = try await stalled.registerCrawler(terms: LeaseTerms(timeout: leaseTimeout))
        let request = ClaimRequest(perHostTarget: 4, maxJobs: 4, held: [:], leases: [], handback: [],
                                   maxHosts: .max, minInterval: 0)
        #expect(try await stalled.claim(request, for: first).granted.map(\.lease.host) == ["a.test"])

        // The first crawler stops inside a transaction that holds its host's lease row.
        _ = try stalled.query("BEGIN")
        _ = try stalled.query("SELECT host FROM host_leases WHERE host = 'a.test' FOR UPDATE")
        #expect(try other.query(Self.idleInTransaction) == [["1"]])

        let second = try await other.registerCrawler(terms: LeaseTerms(timeout: 30))
        // Bounded: the first lease ends 2 s after its claim; a few more claims after that, a second apart.
        var taken: ClaimResult?
        for _ in 0..<Int(leaseTimeout + Sanitizer.scaled(10)) {
            let result = try await other.claim(request, for: second)
            if !result.granted.isEmpty { taken = result; break }
            try await Task.sleep(for: .seconds(1))
        }
        let result = try #require(taken, "the stalled crawler's host was never taken over")
        #expect(result.granted.map(\.lease.host) == ["a.test"] && !result.jobs.isEmpty)
        // The server ended the stalled transaction: no session of this database is idle inside one.
        #expect(try other.query(Self.idleInTransaction) == [["0"]])
    }
}
