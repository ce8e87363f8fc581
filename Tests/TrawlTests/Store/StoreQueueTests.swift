import Testing
@testable import TrawlStore

@Suite("Store: queue, leases and fencing")
struct StoreQueueTests {
    static func job(_ n: Int, host: String = "a.test") -> NewJob {
        NewJob(url: "http://\(host)/\(n)", host: host, depth: 0)
    }

    @Test("enqueue counts new URLs and duplicates, within one input and across inputs", arguments: StoreKind.allCases)
    func enqueueDeduplicates(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        let first = try await test.store.enqueue([Self.job(1), Self.job(2), Self.job(1)])
        #expect(first == EnqueueCounts(inserted: 2, duplicates: 1))
        let second = try await test.store.enqueue([Self.job(2), Self.job(3)])
        #expect(second == EnqueueCounts(inserted: 1, duplicates: 1))
        #expect(try test.int("SELECT count(*) FROM jobs") == 3)
        #expect(try test.rows("SELECT queued FROM hosts WHERE host = 'a.test'") == [["3"]])
    }

    @Test("a claim spreads over hosts and respects the per-host target and the total", arguments: StoreKind.allCases)
    func claimSpreadsOverHosts(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        let jobs = (0..<20).map { Self.job($0, host: "a.test") } + (0..<20).map { Self.job($0, host: "b.test") }
            + (0..<2).map { Self.job($0, host: "c.test") }
        _ = try await test.store.enqueue(jobs)
        let lease = try await test.store.registerCrawler()
        let claimed = try await test.store.claim(
            ClaimRequest(perHostTarget: 4, maxJobs: 100, held: ["b.test": 3]), for: lease).jobs
        let byHost = Dictionary(grouping: claimed, by: \.host).mapValues(\.count)
        #expect(byHost == ["a.test": 4, "b.test": 1, "c.test": 2])
        #expect(try test.int("SELECT count(*) FROM jobs WHERE state = 'in_progress'") == 7)
        #expect(Set(claimed.map(\.leaseToken)).count == 1)
        let capped = try await test.store.claim(ClaimRequest(perHostTarget: 100, maxJobs: 5, held: [:]), for: lease).jobs
        #expect(capped.count == 5)
    }

    @Test("a crawler presumed dead loses its jobs, and its late result is fenced off", arguments: StoreKind.allCases)
    func staleLeaseIsFenced(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue([Self.job(1)])
        let slow = try await test.store.registerCrawler()
        let first = try #require(try await test.store.claim(
            ClaimRequest(perHostTarget: 1, maxJobs: 1, held: [:]), for: slow).jobs.first)
        // The slow crawler's heartbeat is older than the lease timeout: it is presumed dead.
        _ = try test.rows("UPDATE crawlers SET heartbeat_at = heartbeat_at - 100 WHERE id = \(slow.crawlerID)")
        _ = try test.rows("UPDATE host_leases SET expires_at = expires_at - 100 WHERE crawler_id = \(slow.crawlerID)")
        #expect(try await test.store.reclaimAbandonedJobs(staleAfter: 30) == 1)
        let fresh = try await test.store.registerCrawler()
        let second = try #require(try await test.store.claim(
            ClaimRequest(perHostTarget: 1, maxJobs: 1, held: [:]), for: fresh).jobs.first)
        #expect(second.id == first.id && second.leaseToken != first.leaseToken)

        let page = PageRecord(status: 200, title: "late", fetchedAt: WallClock.iso8601(WallClock.now()))
        let late = try await test.store.record([.finished(first, .done, page, links: [], discovered: [])])
        #expect(late.fenced == 1 && late.recorded == 0)
        #expect(try await test.store.heartbeat(slow) == false)
        var owned = page
        owned.title = "owner"
        let current = try await test.store.record([.finished(second, .done, owned, links: ["http://a.test/x"],
            discovered: [NewJob(url: "http://a.test/x", host: "a.test", depth: 1, parentID: second.id)])])
        #expect(current.recorded == 1 && current.discovered == 1)
        #expect(try test.rows("SELECT title FROM pages") == [["owner"]])
        #expect(try test.rows("SELECT state, attempts FROM jobs WHERE id = \(first.id)") == [["done", "1"]])
        #expect(try test.rows("SELECT depth, parent_id FROM jobs WHERE url = 'http://a.test/x'")
                == [["1", String(first.id)]])
    }

    @Test("links are stored exactly: many per page, shared between pages, through a cache far smaller than them", arguments: StoreKind.allCases)
    func linksThroughASmallCache(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind, linkTargetCacheCapacity: 8)
        defer { test.remove() }
        _ = try await test.store.enqueue((0..<3).map { Self.job($0) })
        let lease = try await test.store.registerCrawler()
        let claimed = try await test.store.claim(ClaimRequest(perHostTarget: 3, maxJobs: 3, held: [:]), for: lease).jobs
        #expect(claimed.count == 3)
        // 150 links per page (three multi-row statements: 64, 64, 22), half of them shared with the next page,
        // recorded in two transactions so that the cache carries ids from one to the next.
        let links = claimed.indices.map { page in (page * 75..<page * 75 + 150).map { "http://t.test/\($0)" } }
        let page = PageRecord(status: 200, fetchedAt: WallClock.iso8601(WallClock.now()))
        let outcomes = zip(claimed, links).map { JobOutcome.finished(
            $0, .done, page, links: $1.reversed().map { PageLink(url: $0, kinds: $0.hasSuffix("7") ? 40 : 1,
                                                                nofollow: $0.hasSuffix("3")) },
            discovered: []) }
        #expect(try await test.store.record(Array(outcomes.prefix(2))).recorded == 2)
        #expect(try await test.store.record(Array(outcomes.suffix(1))).recorded == 1)
        for (job, expected) in zip(claimed, links) {
            let stored = try test.rows("SELECT url FROM links WHERE job_id = \(job.id)").map { $0[0] ?? "" }
            #expect(stored.sorted() == expected.sorted())
        }
        #expect(try test.int("SELECT count(*) FROM link_targets") == 75 * 2 + 150)
        #expect(try test.int("SELECT count(*) FROM page_links") == 3 * 150)
        // Kinds and nofollow are written with each row: 45 of the 450 end in 7, 45 in 3.
        #expect(try test.int("SELECT count(*) FROM links WHERE kinds = 40 AND url LIKE '%7' AND nofollow = 0") == 45)
        #expect(try test.int("SELECT count(*) FROM links WHERE nofollow = 1 AND url LIKE '%3' AND kinds = 1") == 45)
    }

    @Test("unregistering puts held jobs back; a retry waits for its time", arguments: StoreKind.allCases)
    func releaseAndRetry(kind: StoreKind) async throws {
        let test = try await ContractStore.make(kind)
        defer { test.remove() }
        _ = try await test.store.enqueue([Self.job(1), Self.job(2)])
        let lease = try await test.store.registerCrawler()
        let claimed = try await test.store.claim(ClaimRequest(perHostTarget: 2, maxJobs: 2, held: [:]), for: lease).jobs
        #expect(claimed.count == 2)
        let retryAt = WallClock.now() + 60
        _ = try await test.store.record([.retry(claimed[0], error: "HTTP 503", notBefore: retryAt)])
        try await test.store.unregister(lease)
        #expect(try test.int("SELECT count(*) FROM jobs WHERE state = 'in_progress'") == 0)
        let again = try await test.store.registerCrawler()
        let next = try await test.store.claim(ClaimRequest(perHostTarget: 2, maxJobs: 2, held: [:]), for: again).jobs
        #expect(next.map(\.id) == [claimed[1].id])
        let outlook = try await test.store.outlook(for: again)
        // The retry's own time, as recorded (not "still in the future": a slow machine may take a while).
        #expect(outlook.queued == 1 && abs((outlook.nextNotBefore ?? 0) - retryAt) < 0.01, "\(outlook)")
        #expect(try test.rows("SELECT attempts, last_error FROM jobs WHERE id = \(claimed[0].id)") == [["1", "HTTP 503"]])
    }
}
