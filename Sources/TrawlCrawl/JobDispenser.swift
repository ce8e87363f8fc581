import DequeModule
import TrawlStore

/// Hands claimed jobs to workers, host by host in turn, never more in flight per host than the connector
/// allows; refills itself from the store and decides when the crawl is over.
///
/// The frontier stays in the database: this holds at most a few jobs per host, so memory stays flat
/// however long the queue grows.
actor JobDispenser {
    private let store: any CrawlStore
    private let writer: ResultWriter
    private let lease: CrawlerLease
    private let options: CrawlOptions

    private var ready: [String: Deque<ClaimedJob>] = [:]
    private var rotation = Deque<String>()
    private var readyCount = 0
    /// Jobs held per host: ready plus handed out and not yet finished.
    private var held: [String: Int] = [:]
    private var inFlight: [String: Int] = [:]
    private var inFlightCount = 0
    private var waiters = Deque<CheckedContinuation<ClaimedJob?, Never>>()
    private var handedOut = 0
    private var over = false
    private(set) var ending = CrawlSummary.Ending.queueEmpty

    init(store: any CrawlStore, writer: ResultWriter, lease: CrawlerLease, options: CrawlOptions) {
        self.store = store
        self.writer = writer
        self.lease = lease
        self.options = options
    }

    /// The next job for a worker, waiting while none may start; nil when the crawl is over.
    func next() async -> ClaimedJob? {
        if let job = take() { return job }
        if over { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// A worker finished `job` (its outcome is with the writer).
    func finished(_ job: ClaimedJob) {
        inFlight[job.host, default: 1] -= 1
        inFlightCount -= 1
        held[job.host, default: 1] -= 1
        if held[job.host] == 0 { held[job.host] = nil }
        serveWaiters()
    }

    /// Ends the crawl: waiting workers get nil, jobs claimed but not started go back to the queue.
    func stop(_ reason: CrawlSummary.Ending) async {
        guard !over else { return }
        ending = reason
        over = true
        while let waiter = waiters.popFirst() { waiter.resume(returning: nil) }
        var unstarted: [JobOutcome] = []
        for (_, jobs) in ready { unstarted += jobs.map { JobOutcome.release($0) } }
        ready.removeAll()
        rotation.removeAll()
        readyCount = 0
        await writer.add(unstarted)
    }

    /// Keeps the ready jobs topped up until the crawl is over. Runs as one task beside the workers.
    func feed() async throws {
        while !over {
            if Task.isCancelled { return }
            if let maxPages = options.maxPages, handedOut >= maxPages {
                if inFlightCount == 0 { await stop(.maxPages) }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            let lowWater = max(options.workers * 2, 8)
            if readyCount >= lowWater {
                try await Task.sleep(for: .milliseconds(10))
                continue
            }
            if try await claim() > 0 { continue }
            if readyCount > 0 || inFlightCount > 0 {
                try await Task.sleep(for: .milliseconds(10))
                continue
            }
            // Nothing claimable and nothing in flight. Results not yet committed may hold discovered links
            // or retries: commit them (all of them: no job is in flight) before concluding anything.
            await writer.flush()
            if try await claim() > 0 { continue }
            let outlook = try await store.outlook(for: lease)
            if outlook.queued == 0 && outlook.inProgressElsewhere == 0 {
                await stop(.queueEmpty)
                return
            }
            // Retries waiting for their time, or other crawlers still working: look again shortly.
            let wait = outlook.nextNotBefore.map { $0 - WallClock.now() } ?? 0.5
            try await Task.sleep(for: .milliseconds(Int(min(max(wait, 0.02), 0.5) * 1000)))
        }
    }

    private func claim() async throws -> Int {
        var maxJobs = max(options.workers * 4, 64) - readyCount
        if let maxPages = options.maxPages { maxJobs = min(maxJobs, maxPages - handedOut - readyCount) }
        guard maxJobs > 0 else { return 0 }
        let request = ClaimRequest(perHostTarget: options.perHostTarget, maxJobs: maxJobs, held: held)
        let jobs = try await store.claim(request, for: lease)
        guard !over else {
            await writer.add(jobs.map { JobOutcome.release($0) })
            return 0
        }
        for job in jobs {
            if ready[job.host] == nil || ready[job.host]!.isEmpty { rotation.append(job.host) }
            ready[job.host, default: []].append(job)
            held[job.host, default: 0] += 1
        }
        readyCount += jobs.count
        serveWaiters()
        return jobs.count
    }

    private func serveWaiters() {
        while !waiters.isEmpty, let job = take() {
            waiters.removeFirst().resume(returning: job)
        }
    }

    /// The next ready job of the next host (in turn) that has room for another request in flight.
    private func take() -> ClaimedJob? {
        if let maxPages = options.maxPages, handedOut >= maxPages { return nil }
        let cap = options.perHostInFlight
        for _ in 0..<rotation.count {
            let host = rotation.removeFirst()
            guard var jobs = ready[host], !jobs.isEmpty else { ready[host] = nil; continue }
            if cap > 0 && inFlight[host, default: 0] >= cap {
                rotation.append(host)
                continue
            }
            let job = jobs.removeFirst()
            if jobs.isEmpty { ready[host] = nil } else { ready[host] = jobs; rotation.append(host) }
            readyCount -= 1
            inFlight[host, default: 0] += 1
            inFlightCount += 1
            handedOut += 1
            return job
        }
        return nil
    }
}
