import DequeModule
import TrawlFetch
import TrawlStore

/// Hands claimed jobs to workers, host by host in turn, never more in flight per host than the connector
/// allows; refills itself from the store and decides when the crawl is over.
///
/// The frontier stays in the database: this holds at most a few jobs per host, so memory stays flat
/// however long the queue grows. Jobs come only from hosts this crawler leases (`HostLeaseBook`), so
/// processes sharing the queue never serve one host at once; a host is handed back when this process
/// holds no job of it any more.
actor JobDispenser {
    private let store: any CrawlStore
    private let writer: ResultWriter
    private let lease: CrawlerLease
    private let options: CrawlOptions
    private let connector: Connector
    private var leases: HostLeaseBook {
        didSet { instruments.hostsHeld.store(leases.count, ordering: .relaxed) }
    }
    private let instruments: CrawlInstruments

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
    /// When `--recrawl-interval` last looked for finished pages that have come due (Unix time).
    private var lastDueCheck = 0.0
    private(set) var ending = CrawlSummary.Ending.queueEmpty

    init(
        store: any CrawlStore, writer: ResultWriter, lease: CrawlerLease, connector: Connector, options: CrawlOptions,
        instruments: CrawlInstruments
    ) {
        self.instruments = instruments
        self.store = store
        self.writer = writer
        self.lease = lease
        self.connector = connector
        self.options = options
        self.leases = HostLeaseBook(terms: lease.terms)
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
            if options.recrawlInterval != nil, WallClock.now() - lastDueCheck >= Self.dueCheckInterval {
                try await requeueDue()
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
            if outlook.queued == 0 && outlook.inProgressElsewhere == 0 && options.recrawlInterval == nil {
                await stop(.queueEmpty)
                return
            }
            // Retries waiting for their time, or other crawlers still working: look again shortly. Jobs
            // claimable now that this claim did not get belong to hosts other crawlers hold: look again
            // when they may have handed some back, not at once.
            let untilDue = outlook.nextNotBefore.map { $0 - WallClock.now() } ?? 0.5
            let wait = untilDue > 0 ? untilDue : 0.25
            try await Task.sleep(for: .milliseconds(Int(min(max(wait, 0.02), 0.5) * 1000)))
        }
    }

    /// How often (seconds) a run with `--recrawl-interval` looks for pages that have come due: one range
    /// read of the `jobs_finished_by_time` index each time, so looking often costs nothing on a big queue.
    static let dueCheckInterval = 1.0
    /// Pages put back in the queue per look, so that a day's worth coming due at once is spread over
    /// transactions the size of a normal claim.
    static let dueBatch = 1_000

    /// `--recrawl-interval`: puts finished pages (done or failed) fetched longer ago than the interval back
    /// in the queue, oldest first, with their stored versions for a conditional re-fetch.
    private func requeueDue() async throws {
        guard let interval = options.recrawlInterval else { return }
        let now = WallClock.now()
        lastDueCheck = now
        let due = try await store.finishedJobs(
            FinishedJobFilter(finishedBefore: now - interval, states: [.done, .failed]), after: .start,
            limit: Self.dueBatch)
        _ = try await store.requeueForRecrawl(due.map(\.id))
    }

    private func claim() async throws -> Int {
        var maxJobs = max(options.workers * 4, 64) - readyCount
        if let maxPages = options.maxPages { maxJobs = min(maxJobs, maxPages - handedOut - readyCount) }
        // Hosts of which nothing is held any more go back, so that other crawlers may serve them.
        let idle = leases.leases.filter { held[$0.host] == nil }
        for lease in idle { leases.remove(lease.host) }
        connector.revokeHosts(idle.map(\.host))
        let handback = idle.map { HostLeaseBook.state(of: $0, connector: connector, handingBack: true) }
        guard maxJobs > 0 || !handback.isEmpty else { return 0 }
        let request = ClaimRequest(
            perHostTarget: options.perHostTarget, maxJobs: max(0, maxJobs), held: held, leases: leases.leases,
            handback: handback, maxHosts: options.maxHostsHeld,
            minInterval: options.connector.ratePerHost.map { $0 > 0 ? 1 / $0 : 0 } ?? 0)
        let sentAt = MonotonicClock.now()
        let result = try await store.claim(request, for: lease)
        instruments.claimLatency.observe(MonotonicClock.now() - sentAt)
        await drop(result.lost.compactMap { host in request.leases.first { $0.host == host } })
        for grant in result.granted where grant.startDelay > 0 {
            connector.pause(host: grant.lease.host, seconds: grant.startDelay)
        }
        let until = leases.granted(result.granted, sentAt: sentAt)
        connector.grantHosts(result.granted.map(\.lease.host), until: until)
        let jobs = result.jobs
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

    /// Stops serving hosts whose lease was lost: their ready jobs go back (fenced if already taken over),
    /// their requests in flight are aborted by the connector.
    private func drop(_ lost: [HostLease]) async {
        guard !lost.isEmpty else { return }
        var released: [JobOutcome] = []
        var dropped: [String] = []
        // Only the grant that was lost: a host leased again since (a newer token) stays.
        for lease in lost where leases.token(of: lease.host) == lease.token {
            leases.remove(lease.host)
            dropped.append(lease.host)
            let jobs = ready.removeValue(forKey: lease.host) ?? []
            released += jobs.map { JobOutcome.release($0) }
            readyCount -= jobs.count
            held[lease.host, default: jobs.count] -= jobs.count
            if held[lease.host] == 0 { held[lease.host] = nil }
        }
        rotation.removeAll { ready[$0] == nil }
        connector.revokeHosts(dropped)
        await writer.add(released)
    }

    /// The leases to renew now, with the state they carry.
    func leasesToRenew() -> [HostLeaseState] {
        leases.leases.map { HostLeaseBook.state(of: $0, connector: connector, handingBack: false) }
    }

    /// A renewal sent at `sentAt` came back: extends what it renewed, drops what it lost.
    func renewed(_ states: [HostLeaseState], lost: [String], sentAt: Double) async {
        let lostSet = Set(lost)
        let kept = states.map(\.lease).filter { !lostSet.contains($0.host) }
        let (hosts, until) = leases.renewed(kept, sentAt: sentAt)
        connector.grantHosts(hosts, until: until)
        await drop(states.map(\.lease).filter { lostSet.contains($0.host) })
        serveWaiters()
    }

    /// Every lease still held, to hand back when the crawler stops (nothing is in flight any more).
    func handBackAll() -> [HostLeaseState] {
        let all = leases.leases
        for lease in all { leases.remove(lease.host) }
        connector.revokeHosts(all.map(\.host))
        return all.map { HostLeaseBook.state(of: $0, connector: connector, handingBack: true) }
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
        let now = MonotonicClock.now()
        for _ in 0..<rotation.count {
            let host = rotation.removeFirst()
            guard var jobs = ready[host], !jobs.isEmpty else { ready[host] = nil; continue }
            // A host whose lease was not renewed in time waits (the connector would refuse it anyway).
            if (cap > 0 && inFlight[host, default: 0] >= cap) || !leases.mayServe(host, now: now) {
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
