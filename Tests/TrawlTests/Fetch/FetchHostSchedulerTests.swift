import Testing
@testable import TrawlFetch

@Suite("Fetch: host scheduler (which waiting request may start)")
struct FetchHostSchedulerTests {
    @Test("never more in flight than the total limit or the per-host limit; hosts take turns")
    func limitsAndTurns() {
        var scheduler = HostScheduler<Int>(limit: 3, limitPerHost: 2, ratePerHost: nil)
        for n in 0..<5 { scheduler.enqueue(n, host: "a") }
        for n in 10..<12 { scheduler.enqueue(n, host: "b") }
        var started: [(Int, String)] = []
        while let next = scheduler.next(now: 0) { started.append(next) }
        #expect(started.map(\.0) == [0, 10, 1])
        #expect(scheduler.inFlight == 3 && scheduler.waiting == 4)
        scheduler.finished(host: "b", now: 0)
        // "a" already has 2 in flight: only "b" may start.
        #expect(scheduler.next(now: 0)?.item == 11)
        #expect(scheduler.next(now: 0) == nil)
        scheduler.finished(host: "a", now: 0)
        #expect(scheduler.next(now: 0)?.item == 2)
    }

    @Test("request starts to one host are spaced 1/R apart; another host is not held back")
    func ratePerHost() {
        var scheduler = HostScheduler<Int>(limit: 100, limitPerHost: 0, ratePerHost: 4)
        for n in 0..<3 { scheduler.enqueue(n, host: "slow") }
        scheduler.enqueue(100, host: "other")
        #expect(scheduler.next(now: 10)?.item == 0)
        #expect(scheduler.next(now: 10)?.item == 100)
        #expect(scheduler.next(now: 10) == nil)
        #expect(scheduler.nextRateDeadline(now: 10) == 10.25)
        #expect(scheduler.next(now: 10.2) == nil)
        #expect(scheduler.next(now: 10.25)?.item == 1)
        #expect(scheduler.next(now: 10.3) == nil)
        #expect(scheduler.next(now: 10.5)?.item == 2)
    }

    @Test("a waiting request can be removed; thousands of waiting requests are fine")
    func removeAndScale() {
        var scheduler = HostScheduler<Int>(limit: 10, limitPerHost: 1, ratePerHost: nil)
        for n in 0..<5_000 { scheduler.enqueue(n, host: "h\(n % 50)") }
        #expect(scheduler.removeWaiting(host: "h7", where: { $0 == 57 }) == 57)
        var started = 0
        while scheduler.next(now: 0) != nil { started += 1 }
        #expect(started == 10 && scheduler.waiting == 4_989)
        #expect(scheduler.removeAllWaiting().count == 4_989)
    }
}

extension HostScheduler where Item == Int {
    // Tuple results are not Equatable; compare items.
}

func == (lhs: (item: Int, host: String)?, rhs: (item: Int, host: String)?) -> Bool {
    lhs?.item == rhs?.item && lhs?.host == rhs?.host
}

@Suite("Fetch: host scheduler edge cases")
struct FetchHostSchedulerEdgeTests {
    @Test("cancelling a host's last waiting request, then finishing its request in flight, leaves it consistent")
    func cancelThenFinish() {
        var scheduler = HostScheduler<Int>(limit: 10, limitPerHost: 1, ratePerHost: nil)
        scheduler.enqueue(1, host: "a")
        scheduler.enqueue(2, host: "a")
        #expect(scheduler.next(now: 0)?.item == 1)
        #expect(scheduler.removeWaiting(host: "a", where: { $0 == 2 }) == 2)
        scheduler.finished(host: "a", now: 0)
        #expect(scheduler.next(now: 0) == nil)
        scheduler.enqueue(3, host: "a")
        #expect(scheduler.next(now: 0)?.item == 3)
        #expect(scheduler.inFlight == 1 && scheduler.waiting == 0)
    }
}
