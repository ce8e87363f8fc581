import TrawlFetch
public import TrawlStore
import TrawlSync

/// One crawl run: workers pull jobs from the store, fetch them through one shared connector, parse them,
/// and push results back, until the queue is empty, `maxPages` is reached, or `stop()` is called.
///
/// Stopping is prompt and leaves nothing `in_progress`: requests in flight are aborted and their jobs,
/// like jobs claimed but not started, go back to the queue.
public final class Crawler: Sendable {
    private let store: any CrawlStore
    private let options: CrawlOptions
    private let stopRequested = ThreadLock(false)
    /// Set when `--time-limit` stopped the run: it ends like an interruption, but is not one.
    private let timeLimitReached = ThreadLock(false)
    private let runTask = ThreadLock<Task<CrawlSummary, any Error>?>(nil)
    private let meter = ProgressMeter()
    private let instruments = CrawlInstruments()

    public init(store: any CrawlStore, options: CrawlOptions) {
        self.store = store
        self.options = options
    }

    /// Runs the crawl to its end. Safe to call once per `Crawler`.
    public func run() async throws -> CrawlSummary {
        let task = Task { try await self.crawl() }
        let stopNow = runTask.withLock { slot -> Bool in
            slot = task
            return stopRequested.withLock { $0 }
        }
        if stopNow { task.cancel() }
        // --time-limit: stop as on Ctrl-C once it has passed (a detached timer, cancelled when the run ends).
        let timer = options.timeLimit.map { seconds in
            Task {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                self.timeLimitReached.withLock { $0 = true }
                self.stop()
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// How the run is going, for progress displays: callable from any task, as often as a few times a second
    /// (see `ProgressMeter`).
    public func progress() async -> CrawlProgress {
        await meter.snapshot(store: store, maxPages: options.maxPages)
    }

    /// The run's metrics now (`trawl crawl --metrics`): counts of the progress meter, latencies, leases.
    /// Synchronous and quick (a few short locks), so that a metrics server can call it from a thread of its
    /// own, never Swift's cooperative pool; the database's queue counts it shows are at most about a second
    /// old and read in the background, so scraping as often as one likes never loads the database.
    public func metrics() -> [MetricFamily] {
        CrawlMetrics(progress: meter.current(store: store, maxPages: options.maxPages), summary: meter.summary,
                     instruments: instruments, runID: options.runID).families
    }

    /// Asks the run to stop (SIGINT, SIGTERM): callable from any thread, any number of times.
    public func stop() {
        stopRequested.withLock { $0 = true }
        runTask.withLock { $0 }?.cancel()
    }

    private func crawl() async throws -> CrawlSummary {
        let started = MonotonicClock.now()
        let connector = try Connector(options: options.connector)
        defer { connector.shutdown() }
        meter.begin(connector: connector)
        defer { meter.end() }
        do {
            try await store.checkStructure()
        } catch {
            throw Self.named(error)
        }
        let lease: CrawlerLease
        let indexesSuspended: Bool
        do {
            _ = try await store.reclaimAbandonedJobs(staleAfter: options.leaseTimeout)
            lease = try await store.registerCrawler(terms: options.leaseTerms)
            instruments.crawlerID.store(lease.crawlerID, ordering: .relaxed)
            do {
                indexesSuspended = try await store.suspendQueryIndexes(expectedPages: options.maxPages)
            } catch {
                store.limitLockWaits(to: Self.lastWritesLockWait)
                try? await store.unregister(lease, handback: [])
                throw error
            }
        } catch let error as StoreError where error.isLocked {
            // Locked out before any work: the same end as a lock give-up later on.
            var summary = CrawlSummary()
            summary.ending = .databaseLocked
            summary.elapsed = MonotonicClock.now() - started
            return summary
        } catch {
            throw Self.named(error)
        }
        let writer = ResultWriter(store: store, commitDelay: options.commitDelay,
                                  maxJobsPerHost: options.scope.maxPagesPerHost, commitLatency: instruments.commitLatency)
        let dispenser = JobDispenser(
            store: store, writer: writer, lease: lease, connector: connector, options: options, instruments: instruments)
        let linkScope = try LinkScope(options.scope)
        let processor = JobProcessor(connector: connector, store: store, options: options, linkScope: linkScope)

        let failure: (any Error)? = await withTaskGroup(of: CrawlTaskEnd.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    .feeder(await Result { try await dispenser.feed() })
                } onCancel: {
                    Task { await dispenser.stop(.interrupted) }
                }
            }
            group.addTask {
                .leaseKeeper(await Result {
                    try await Self.keepLease(lease, store: self.store, dispenser: dispenser, options: self.options)
                })
            }
            let workerCount = max(1, options.workers)
            for _ in 0..<workerCount {
                group.addTask {
                    while let job = await dispenser.next() {
                        self.meter.started(job)
                        let (outcome, bytes) = await processor.process(job)
                        self.meter.finished(job, outcome: outcome, bytes: bytes)
                        await writer.add(outcome)
                        await dispenser.finished(job)
                    }
                    return .worker
                }
            }
            // Workers end when the dispenser is over; then the helpers are cancelled. A failing feeder or a
            // lost lease ends the dispenser (and with a lost lease, aborts the requests in flight).
            var failure: (any Error)?
            var workersLeft = workerCount
            for await end in group {
                switch end {
                case .worker:
                    workersLeft -= 1
                    if workersLeft == 0 { group.cancelAll() }
                case .feeder(.failure(let error)), .leaseKeeper(.failure(let error)):
                    if (error as? StoreError)?.isLocked == true {
                        // Putting claimed jobs back needs the lock too: try briefly, not for another timeout.
                        self.store.limitLockWaits(to: Self.lastWritesLockWait)
                    }
                    if !(error is CancellationError) {
                        failure = failure ?? error
                        group.cancelAll()
                    }
                    await dispenser.stop(.interrupted)
                case .feeder(.success), .leaseKeeper(.success):
                    break
                }
            }
            return failure
        }
        // Another program held the database's lock past --lock-timeout: the run ends like any other stop
        // (summary, claims released), only sooner. The lock may still be held, so the last writes wait briefly.
        let writerFailure = await writer.failure
        let lockedOut = [failure, writerFailure].contains { ($0 as? StoreError)?.isLocked == true }
        if lockedOut { store.limitLockWaits(to: Self.lastWritesLockWait) }
        // A damaged file gets no more writes: each could spread the damage.
        let damaged = [failure, writerFailure].contains { ($0 as? StoreError)?.isCorrupt == true }
        var unregistered = false
        if !damaged {
            await writer.flush()
            unregistered = (try? await store.unregister(lease, handback: await dispenser.handBackAll())) != nil
            if unregistered && !lockedOut { await meter.readQueue(store: store) }
        }

        var summary = meter.summary
        summary.ending = await dispenser.ending
        if Task.isCancelled || stopRequested.withLock({ $0 }) {
            summary.ending = timeLimitReached.withLock { $0 } ? .timeLimit : .interrupted
        }
        if lockedOut {
            summary.ending = .databaseLocked
            summary.unstored = await writer.unstored
            summary.claimsLeftInProgress = !unregistered
        }
        if summary.ending != .interrupted, summary.ending != .timeLimit, !lockedOut, failure == nil,
           await writer.failure == nil {
            // The crawl's work is done and stored: a failed build (a full disk) is reported, not the run's end.
            let building = MonotonicClock.now()
            do {
                if try await store.restoreQueryIndexes() {
                    let milliseconds = Int(((MonotonicClock.now() - building) * 1000).rounded())
                    options.logger.info("built the index of links by target (page_links_by_target) in \(milliseconds) ms")
                }
            } catch {
                options.logger.error("""
                    could not build the index of links by target (page_links_by_target): \(error); the crawl's \
                    results are stored, and the next trawl crawl that finishes (or trawl index) tries again
                    """)
            }
        } else if indexesSuspended && !lockedOut {
            options.logger.notice("""
                the index of links by target (page_links_by_target) is built when a crawl finishes, or by \
                trawl index; until then, looking links up by target URL scans page_links
                """)
        }
        let recorded = await writer.summary
        summary.discovered = recorded.discovered
        summary.fenced = recorded.fenced
        summary.linksNotQueued = recorded.linksNotQueued
        summary.elapsed = MonotonicClock.now() - started
        if let path = options.saveCookies { Self.saveCookies(connector, to: path, in: &summary) }
        if lockedOut { return summary }
        if let failure = await writer.failure { throw CrawlError.storeFailed(failure) }
        if let failure { throw Self.named(failure) }
        return summary
    }

    /// Writes the cookie jar (`--save-cookies`) once every request has ended: shuts the connector down.
    private static func saveCookies(_ connector: Connector, to path: String, in summary: inout CrawlSummary) {
        let cookies = connector.finalCookies()
        do {
            try CookieFile.write(cookies, to: path)
            summary.cookiesSaved = cookies.count
        } catch {
            summary.cookieJarFailure = error
        }
    }

    /// Seconds the writes after a lock give-up (results, releasing the claims) wait for the lock.
    static let lastWritesLockWait = 2.0

    /// A store failure as `CrawlError.storeFailed`, so that the CLI finds its kind (a damaged file).
    private static func named(_ error: any Error) -> any Error {
        error is StoreError ? CrawlError.storeFailed(error) : error
    }

    /// Renews this crawler's registration and host leases, and takes back jobs of dead crawlers, until
    /// cancelled. A renewal that comes back late is no danger: the connector stopped the hosts' requests at
    /// their deadline, and a renewal extends them from when it was sent.
    private static func keepLease(
        _ lease: CrawlerLease, store: any CrawlStore, dispenser: JobDispenser, options: CrawlOptions
    ) async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(Int(lease.terms.renewEvery * 1000)))
            let sentAt = MonotonicClock.now()
            let hosts = await dispenser.leasesToRenew()
            let renewal = try await store.renewLeases(lease, hosts: hosts)
            guard renewal.crawlerAlive else { throw CrawlError.leaseLost }
            await dispenser.renewed(hosts, lost: renewal.lost, sentAt: sentAt)
            _ = try await store.reclaimAbandonedJobs(staleAfter: options.leaseTimeout)
        }
    }

}

/// How one task of a crawl run ended.
private enum CrawlTaskEnd: Sendable {
    case worker
    case feeder(Result<Void, any Error>)
    case leaseKeeper(Result<Void, any Error>)
}

extension CrawlSummary {
    mutating func count(_ outcome: JobOutcome, bytes: Int) {
        self.bytes += bytes
        switch outcome {
        case .finished(_, .done, let page, _, _):
            done += 1
            responses.count(status: page.status, error: page.error)
        case .finished(_, .failed, let page, _, _), .refused(_, let page):
            failed += 1
            failuresByReason[Self.reason(page.error), default: 0] += 1
            responses.count(status: page.status, error: page.error)
        case .retry: retried += 1
        case .release, .postpone: break
        }
    }

    /// The kind of an error message, for grouping: its text up to the first colon or parenthesis.
    static func reason(_ error: String?) -> String {
        ErrorReason.of(error)  // as `trawl status` counts them
    }
}

extension Result where Failure == any Error {
    /// `Result(catching:)` for async bodies.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
