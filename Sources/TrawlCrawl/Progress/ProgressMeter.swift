import TrawlFetch
import TrawlStore
import TrawlSync

/// Keeps what `Crawler.progress()` reports: the workers tell it when a job starts and finishes; the
/// database's queue counts are read only when a snapshot is asked for, and at most every `queueRefresh`
/// seconds, so that polling progress never loads the database.
final class ProgressMeter: Sendable {
    /// Seconds between reads of the database's queue counts.
    static let queueRefresh = 1.0

    private struct State {
        var started: Double?
        var connector: Connector?
        var summary = CrawlSummary()
        var window = RateWindow()
        var inFlightPerHost: [String: Int] = [:]
        var queue: QueueStatus?
        var queueReadAt = -Double.infinity
        var pagesAtQueueRead = 0
        var queueReading = false
    }

    private let state = ThreadLock(State())

    /// The run starts now, fetching through `connector`.
    func begin(connector: Connector) {
        state.withLock {
            $0.started = MonotonicClock.now()
            $0.connector = connector
        }
    }

    /// The counts of the run so far.
    var summary: CrawlSummary { state.withLock { $0.summary } }

    /// The run is over: the connector is let go.
    func end() { state.withLock { $0.connector = nil } }

    func started(_ job: ClaimedJob) {
        state.withLock { $0.inFlightPerHost[job.host, default: 0] += 1 }
    }

    func finished(_ job: ClaimedJob, outcome: JobOutcome, bytes: Int) {
        let now = MonotonicClock.now()
        state.withLock {
            $0.summary.count(outcome, bytes: bytes)
            switch outcome {
            case .finished, .refused: $0.window.add(at: now)
            case .retry, .release, .postpone: break
            }
            let left = $0.inFlightPerHost[job.host, default: 1] - 1
            $0.inFlightPerHost[job.host] = left > 0 ? left : nil
        }
    }

    /// Reads the queue counts now and waits for them: at the end of a run, so that the last metrics scrape
    /// shows the final counts rather than a read up to `queueRefresh` old.
    func readQueue(store: any CrawlStore) async {
        guard let queue = try? await store.status(topHosts: 0) else { return }
        let now = MonotonicClock.now()
        state.withLock {
            $0.queue = queue
            $0.pagesAtQueueRead = $0.summary.pages
            $0.queueReadAt = now
        }
    }

    /// The progress now. Never waits for the database: when the last read of the queue counts is older than
    /// `queueRefresh`, a new one starts in the background and a later snapshot shows it, so that a
    /// progress display goes on while the store waits for a lock another program holds.
    func snapshot(store: any CrawlStore, maxPages: Int?) async -> CrawlProgress {
        current(store: store, maxPages: maxPages)
    }

    /// `snapshot` without `await`, for a metrics scrape served on a thread of its own: it takes the lock
    /// briefly and starts the background read of the queue counts when due, never waiting for it.
    func current(store: any CrawlStore, maxPages: Int?) -> CrawlProgress {
        let now = MonotonicClock.now()
        let lockWait = store.lockWaitSeconds
        let refresh = state.withLock { state -> Bool in
            guard lockWait == nil, !state.queueReading, now - state.queueReadAt >= Self.queueRefresh else { return false }
            state.queueReading = true
            state.queueReadAt = now
            return true
        }
        if refresh {
            let pages = state.withLock { $0.summary.pages }
            Task {
                let queue = try? await store.status(topHosts: 0)
                self.state.withLock {
                    if let queue {
                        $0.queue = queue
                        $0.pagesAtQueueRead = pages
                    }
                    $0.queueReading = false
                }
            }
        }
        return state.withLock { state in
            var progress = CrawlProgress()
            let started = state.started ?? now
            progress.elapsed = now - started
            progress.done = state.summary.done
            progress.failed = state.summary.failed
            progress.retried = state.summary.retried
            progress.bytes = state.summary.bytes
            progress.recentPagesPerSecond = state.window.rate(at: now, since: started)
            progress.activeHosts = state.inFlightPerHost.count
            if let load = state.connector?.load {
                progress.requestsWaiting = load.waiting
                progress.requestsInFlight = load.inFlight
            }
            progress.queue = state.queue
            progress.pagesSinceQueueRead = progress.pages - state.pagesAtQueueRead
            progress.pagesAllowed = maxPages.map { max(0, $0 - progress.pages) }
            progress.databaseLockWait = lockWait
            return progress
        }
    }
}

/// Events counted in one-second buckets over the last `seconds` seconds: a recent rate, not an average
/// since the start.
struct RateWindow {
    static let seconds = 10
    private var counts = [Int](repeating: 0, count: RateWindow.seconds)
    private var stamps = [Int](repeating: .min, count: RateWindow.seconds)

    mutating func add(at time: Double) {
        let second = Int(time.rounded(.down))
        let slot = second % Self.seconds
        if stamps[slot] != second {
            stamps[slot] = second
            counts[slot] = 0
        }
        counts[slot] += 1
    }

    /// Events per second over the buckets of the last `seconds` seconds (the current one partly), or since
    /// `start` when that is more recent.
    func rate(at now: Double, since start: Double) -> Double {
        let second = Int(now.rounded(.down))
        let oldest = second - Self.seconds + 1
        var total = 0
        for (stamp, count) in zip(stamps, counts) where stamp >= oldest && stamp <= second { total += count }
        let span = min(now - start, now - Double(oldest))
        return span > 0 ? Double(total) / span : 0
    }
}
