import TrawlStore

/// Collects outcomes from the workers and commits them in batches: every `commitBatch` results or every
/// `commitInterval` seconds, whichever comes first. Small, frequent transactions keep the database from
/// limiting the crawl and bound what a kill -9 can lose to the last fraction of a second.
actor ResultWriter {
    private let store: any CrawlStore
    private let batchSize: Int
    /// `--max-pages-per-host`, judged by the store as it inserts discovered jobs.
    private let maxJobsPerHost: Int?
    private var pending: [JobOutcome] = []
    private var running: Task<Void, any Error>?
    private(set) var summary = RecordSummary()
    private(set) var failure: (any Error)?

    /// Outcomes written per transaction.
    static let transactionSize = 1024

    init(store: any CrawlStore, batchSize: Int, maxJobsPerHost: Int? = nil) {
        self.store = store
        self.batchSize = batchSize
        self.maxJobsPerHost = maxJobsPerHost
    }

    func add(_ outcome: JobOutcome) async {
        pending.append(outcome)
        if pending.count >= batchSize { await flush() }
    }

    func add(_ outcomes: [JobOutcome]) async {
        pending += outcomes
        await flush()
    }

    /// Commits everything added so far; returns once it is durable (or has failed: see `failure`).
    func flush() async {
        while let previous = running { _ = try? await previous.value; if running == previous { running = nil } }
        guard !pending.isEmpty, failure == nil else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let store = self.store
        let maxJobsPerHost = self.maxJobsPerHost
        // One transaction per chunk: claims queued behind a flush get the database between chunks, so a
        // large flush never starves the workers of jobs.
        let task = Task { [batch] in
            var start = 0
            while start < batch.count {
                let end = min(start + Self.transactionSize, batch.count)
                let result = try await store.record(Array(batch[start..<end]), maxJobsPerHost: maxJobsPerHost)
                self.absorb(result)
                start = end
            }
        }
        running = task
        do {
            try await task.value
        } catch {
            failure = error
        }
        if running == task { running = nil }
    }

    private func absorb(_ result: RecordSummary) {
        summary.recorded += result.recorded
        summary.fenced += result.fenced
        summary.discovered += result.discovered
        summary.linksNotQueued.add(result.linksNotQueued)
    }
}
