import Testing
@testable import TrawlStore

/// The host-lease contract every store keeps, SQLite and PostgreSQL held to the same tests.
@Suite("Store: host leases, one crawler per host")
struct StoreHostLeaseTests {
    static func jobs(_ count: Int, host: String) -> [NewJob] {
        (0..<count).map { NewJob(url: "http://\(host)/\($0)", host: host, depth: 0) }
    }

    static func request(leases: [HostLease] = [], handback: [HostLeaseState] = [], maxHosts: Int = .max,
                        minInterval: Double = 0) -> ClaimRequest {
        ClaimRequest(perHostTarget: 4, maxJobs: 100, held: [:], leases: leases, handback: handback,
                     maxHosts: maxHosts, minInterval: minInterval)
    }

    @Test("a host held by one crawler gives its jobs to no other; each claim leases only hosts it can serve", arguments: StoreKind.allCases)
    func oneHolderPerHost(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue(Self.jobs(10, host: "a.test") + Self.jobs(10, host: "b.test"))
        let first = try await test.store.registerCrawler()
        let second = try await test.store.registerCrawler()
        let one = try await test.store.claim(Self.request(maxHosts: 1), for: first)
        #expect(one.granted.map(\.lease.host) == ["a.test"] && Set(one.jobs.map(\.host)) == ["a.test"])
        #expect(one.granted.first?.startDelay == 0)
        let other = try await test.store.claim(Self.request(), for: second)
        #expect(Set(other.jobs.map(\.host)) == ["b.test"] && other.granted.map(\.lease.host) == ["b.test"])
        // Both hosts are held now: the first crawler gets more of its own host only, leases nothing new.
        let more = try await test.store.claim(Self.request(leases: one.granted.map(\.lease)), for: first)
        #expect(Set(more.jobs.map(\.host)) == ["a.test"] && more.granted.isEmpty && more.lost.isEmpty)
        #expect(try test.rows("SELECT host, crawler_id FROM host_leases ORDER BY host")
                == [["a.test", String(first.crawlerID)], ["b.test", String(second.crawlerID)]])
    }

    @Test("a host handed back carries its spacing to the next holder, which may lease it at once", arguments: StoreKind.allCases)
    func handBackCarriesSpacing(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue(Self.jobs(10, host: "a.test"))
        let first = try await test.store.registerCrawler()
        let second = try await test.store.registerCrawler()
        let granted = try #require(try await test.store.claim(Self.request(), for: first).granted.first)
        let spacing = Sanitizer.scaled(20)  // less the test's own time: 5 s, more under a sanitizer
        let state = HostLeaseState(lease: granted.lease, nextStartDelay: spacing, minInterval: 0.5)
        let handedBack = try await test.store.claim(
            ClaimRequest(perHostTarget: 4, maxJobs: 0, held: [:], handback: [state]), for: first)
        #expect(handedBack.jobs.isEmpty)
        let next = try await test.store.claim(Self.request(), for: second)
        let grant = try #require(next.granted.first)
        #expect(grant.lease.host == "a.test" && grant.lease.token != granted.lease.token)
        #expect(grant.startDelay > spacing - Sanitizer.scaled(5) && grant.startDelay <= spacing,
                "start delay \(grant.startDelay)")
        // The old grant's token renews nothing any more.
        let renewal = try await test.store.renewLeases(first, hosts: [state])
        #expect(renewal == LeaseRenewal(crawlerAlive: true, lost: ["a.test"]))
    }

    @Test("an expired lease is taken over one interval past its end; the old holder learns it lost the host", arguments: StoreKind.allCases)
    func expiredLeaseIsTakenOver(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue(Self.jobs(10, host: "a.test"))
        // 30 s and 10 s on a normal build: the lease must not run out on its own before the test ends it.
        let timeout = Sanitizer.scaled(30), interval = Sanitizer.scaled(10)
        let first = try await test.store.registerCrawler(terms: LeaseTerms(timeout: timeout))
        let second = try await test.store.registerCrawler(terms: LeaseTerms(timeout: timeout))
        let held = try await test.store.claim(Self.request(minInterval: interval), for: first)
        let lease = try #require(held.granted.first?.lease)
        // Not expired yet: the other crawler gets nothing, and renewing works.
        #expect(try await test.store.claim(Self.request(), for: second).jobs.isEmpty)
        let state = HostLeaseState(lease: lease, nextStartDelay: 0, minInterval: interval)
        #expect(try await test.store.renewLeases(first, hosts: [state]) == LeaseRenewal(crawlerAlive: true))
        // The first crawler went silent: its lease ended 1 s ago, its jobs went back to the queue.
        _ = try test.rows("UPDATE host_leases SET expires_at = \(test.unixNowSQL) - 1")
        _ = try test.rows("UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL")
        let taken = try await test.store.claim(Self.request(), for: second)
        let grant = try #require(taken.granted.first)
        // Its last request came before the expiry, at a time unknown: one interval (10 s) past the expiry,
        // less the second since it and the test's own time (a second, more under a sanitizer).
        #expect(grant.lease.host == "a.test" && grant.startDelay > interval - 1 - Sanitizer.scaled(1)
                    && grant.startDelay <= interval - 0.5,
                "start delay \(grant.startDelay)")
        #expect(!taken.jobs.isEmpty)
        let late = try await test.store.claim(Self.request(leases: [lease]), for: first)
        #expect(late.lost == ["a.test"] && late.jobs.isEmpty)
        #expect(try await test.store.renewLeases(first, hosts: [state]).lost == ["a.test"])
    }

    @Test("a stopping crawler's hosts are free at once; a claim leases no more hosts than asked", arguments: StoreKind.allCases)
    func unregisterFreesHosts(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue(Self.jobs(2, host: "a.test") + Self.jobs(2, host: "b.test")
                                         + Self.jobs(2, host: "c.test"))
        let first = try await test.store.registerCrawler()
        let two = try await test.store.claim(Self.request(maxHosts: 2), for: first)
        #expect(two.granted.count == 2 && Set(two.jobs.map(\.host)).count == 2)
        try await test.store.unregister(first)
        #expect(try test.int("SELECT count(*) FROM host_leases WHERE crawler_id IS NOT NULL") == 0)
        let second = try await test.store.registerCrawler()
        let all = try await test.store.claim(Self.request(), for: second)
        #expect(all.granted.count == 3 && all.jobs.count == 6)
    }
}
