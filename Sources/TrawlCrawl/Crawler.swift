import Synchronization
import TrawlFetch
public import TrawlStore

/// One crawl run: workers pull jobs from the store, fetch them through one shared connector, parse them,
/// and push results back, until the queue is empty, `maxPages` is reached, or `stop()` is called.
///
/// Stopping is prompt and leaves nothing `in_progress`: requests in flight are aborted and their jobs,
/// like jobs claimed but not started, go back to the queue.
public final class Crawler: Sendable {
    private let store: any CrawlStore
    private let options: CrawlOptions
    private let stopRequested = Mutex(false)
    private let runTask = Mutex<Task<CrawlSummary, any Error>?>(nil)
    private let meter = ProgressMeter()

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
        _ = try await store.reclaimAbandonedJobs(staleAfter: options.leaseTimeout)
        let lease = try await store.registerCrawler(terms: options.leaseTerms)
        let indexesSuspended = try await store.suspendQueryIndexes(expectedPages: options.maxPages)
        let writer = ResultWriter(store: store, batchSize: options.commitBatch)
        let dispenser = JobDispenser(store: store, writer: writer, lease: lease, connector: connector, options: options)
        let processor = JobProcessor(connector: connector, store: store, options: options)

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
            group.addTask {
                await Self.commitPeriodically(writer, every: self.options.commitInterval)
                return .committer
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
                    if !(error is CancellationError) {
                        failure = failure ?? error
                        group.cancelAll()
                    }
                    await dispenser.stop(.interrupted)
                case .feeder(.success), .leaseKeeper(.success), .committer:
                    break
                }
            }
            return failure
        }
        await writer.flush()
        try? await store.unregister(lease, handback: await dispenser.handBackAll())

        var summary = meter.summary
        summary.ending = await dispenser.ending
        if Task.isCancelled || stopRequested.withLock({ $0 }) { summary.ending = .interrupted }
        if summary.ending != .interrupted, failure == nil, await writer.failure == nil {
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
                    results are stored, and the next trawl crawl that finishes tries again
                    """)
            }
        } else if indexesSuspended {
            options.logger.notice("""
                the index of links by target (page_links_by_target) is built when a crawl finishes; until \
                then, looking links up by target URL scans page_links
                """)
        }
        let recorded = await writer.summary
        summary.discovered = recorded.discovered
        summary.fenced = recorded.fenced
        summary.elapsed = MonotonicClock.now() - started
        if let failure = await writer.failure { throw CrawlError.storeFailed("\(failure)") }
        if let failure { throw failure }
        return summary
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

    /// Commits results at least every `interval` seconds, until cancelled.
    private static func commitPeriodically(_ writer: ResultWriter, every interval: Double) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            await writer.flush()
        }
    }
}

/// How one task of a crawl run ended.
private enum CrawlTaskEnd: Sendable {
    case worker
    case feeder(Result<Void, any Error>)
    case leaseKeeper(Result<Void, any Error>)
    case committer
}

extension CrawlSummary {
    mutating func count(_ outcome: JobOutcome, bytes: Int) {
        self.bytes += bytes
        switch outcome {
        case .finished(_, .done, _, _, _): done += 1
        case .finished(_, .failed, let page, _, _):
            failed += 1
            failuresByReason[Self.reason(page.error), default: 0] += 1
        case .refused(_, let page):
            failed += 1
            failuresByReason[Self.reason(page.error), default: 0] += 1
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
