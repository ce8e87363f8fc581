/// Every finished page of a selection, in job id order, read batch by batch through
/// `CrawlStore.exportBatch`: memory stays constant however many pages there are, and no read transaction is
/// held while the consumer writes (a long export to a slow pipe does not keep the WAL from checkpointing).
///
/// ```swift
/// for try await page in ExportedPages(store: store, selection: .done, links: true) { … }
/// ```
public struct ExportedPages: AsyncSequence, Sendable {
    public typealias Element = ExportedPage

    let store: any CrawlStore
    let selection: FinishedSelection
    let links: Bool
    let batchSize: Int

    public init(store: any CrawlStore, selection: FinishedSelection, links: Bool, batchSize: Int = 500) {
        self.store = store
        self.selection = selection
        self.links = links
        self.batchSize = Swift.max(1, batchSize)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(pages: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let pages: ExportedPages
        private var batch: [ExportedPage] = []
        private var index = 0
        private var lastID: Int64 = 0
        private var exhausted = false

        init(pages: ExportedPages) { self.pages = pages }

        public mutating func next() async throws -> ExportedPage? {
            if index == batch.count {
                guard !exhausted else { return nil }
                batch = try await pages.store.exportBatch(
                    pages.selection, links: pages.links, after: lastID, limit: pages.batchSize)
                index = 0
                // A short batch may only mean many links: the end is an empty one.
                if batch.isEmpty {
                    exhausted = true
                    return nil
                }
                lastID = batch.last!.jobID
            }
            defer { index += 1 }
            return batch[index]
        }
    }
}
