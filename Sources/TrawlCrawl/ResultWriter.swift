import TrawlFetch
import TrawlStore

/// Collects outcomes from the workers and commits them by group commit: a commit starts as soon as a result
/// is waiting and none is running, and takes everything that arrived meanwhile (up to `transactionSize` per
/// transaction). A finished page is durable within one commit's time (milliseconds in WAL mode with
/// synchronous=NORMAL, which syncs only at checkpoints), so a `kill -9` loses little more than the requests
/// in flight; at full speed the groups grow by themselves, so the number of transactions stays bounded by
/// what the database can do, not by the page rate.
actor ResultWriter {
    private let store: any CrawlStore
    /// Seconds a result may wait for others before its commit starts (0: at once). More means fewer,
    /// larger transactions, and more pages fetched again after a `kill -9`.
    private let commitDelay: Double
    /// `--max-pages-per-host`, judged by the store as it inserts discovered jobs.
    private let maxJobsPerHost: Int?
    /// Each `record` transaction's duration, for `trawl_commit_duration_seconds`.
    private let commitLatency: LatencyHistogram?
    private var pending: [JobOutcome] = []
    private var committing: Task<Void, Never>?
    private(set) var summary = RecordSummary()
    private(set) var failure: (any Error)?

    /// Outcomes written per transaction at most: claims queued behind a large group get the database
    /// between its transactions, so a big backlog never starves the workers of jobs.
    static let transactionSize = 1024

    init(store: any CrawlStore, commitDelay: Double, maxJobsPerHost: Int? = nil, commitLatency: LatencyHistogram? = nil) {
        self.store = store
        self.commitLatency = commitLatency
        self.commitDelay = commitDelay
        self.maxJobsPerHost = maxJobsPerHost
    }

    /// Outcomes added and not committed (after a failure, those that never will be).
    var unstored: Int { pending.count }

    /// Adds an outcome; it is committed with the next group, without waiting for it here.
    func add(_ outcome: JobOutcome) {
        pending.append(outcome)
        startCommitting()
    }

    /// Adds outcomes and waits until they are durable (or have failed: see `failure`).
    func add(_ outcomes: [JobOutcome]) async {
        pending += outcomes
        await flush()
    }

    /// Commits everything added so far; returns once it is durable (or has failed: see `failure`).
    func flush() async {
        startCommitting()
        while let running = committing { await running.value }
    }

    private func startCommitting() {
        guard committing == nil, !pending.isEmpty, failure == nil else { return }
        committing = Task { await self.commitGroups() }
    }

    /// Commits groups until nothing is pending; results added during a commit form the next group.
    private func commitGroups() async {
        if commitDelay > 0 { try? await Task.sleep(for: .milliseconds(Int(commitDelay * 1000))) }
        while !pending.isEmpty, failure == nil {
            let count = min(pending.count, Self.transactionSize)
            let group = Array(pending.prefix(count))
            pending.removeFirst(count)
            do {
                let started = MonotonicClock.now()
                let result = try await store.record(group, maxJobsPerHost: maxJobsPerHost)
                commitLatency?.observe(MonotonicClock.now() - started)
                absorb(result)
            } catch {
                failure = error
            }
        }
        committing = nil
    }

    private func absorb(_ result: RecordSummary) {
        summary.recorded += result.recorded
        summary.fenced += result.fenced
        summary.discovered += result.discovered
        summary.linksNotQueued.add(result.linksNotQueued)
    }
}
