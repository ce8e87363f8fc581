public import TrawlStore
import TrawlURLs

/// One input line that was not enqueued, and why: enough for the user to find and fix it.
public struct RejectedInput: Sendable, Equatable, CustomStringConvertible {
    /// Where the input came from: a file name, "stdin" or "argument".
    public var source: String
    /// Physical line number (counted from 1), or the argument's position.
    public var line: Int
    public var input: String
    public var reason: String

    public var description: String { "\(source):\(line): \(reason): \(input)" }
}

/// The result of an enqueue: counts, and each rejected line.
public struct EnqueueReport: Sendable, Equatable {
    public var counts = EnqueueCounts()
    public var rejected: [RejectedInput] = []
    public init() {}

    /// "enqueued 3, duplicates 1, rejected 2"
    public var summaryLine: String {
        "enqueued \(counts.inserted), duplicates \(counts.duplicates), rejected \(rejected.count)"
    }
}

/// Validates and normalizes URL input and adds it to the queue in batches: valid lines are stored even
/// when others beside them are rejected.
public struct Enqueuer: Sendable {
    private let store: any CrawlStore
    private let depth: Int
    private let batchSize: Int
    /// The crawl's saved `--strip-query`: seeds are normalized like discovered links.
    private let queryFilter: QueryParameterFilter

    public init(store: any CrawlStore, depth: Int = 0, batchSize: Int = 10_000, stripQuery: [String] = []) {
        self.store = store
        self.depth = depth
        self.batchSize = batchSize
        self.queryFilter = QueryParameterFilter(stripQuery)
    }

    /// Enqueues URLs given as command-line arguments (numbered from 1 in messages).
    public func enqueue(arguments: [String], into report: inout EnqueueReport) async throws {
        var batch: [NewJob] = []
        for (index, argument) in arguments.enumerated() {
            accept(argument, source: "argument", line: index + 1, into: &batch, report: &report)
        }
        try await flush(&batch, into: &report)
    }

    /// Enqueues a file of one URL per line; blank lines and lines starting with `#` are skipped.
    public func enqueue(lines source: URLLineSource, into report: inout EnqueueReport) async throws {
        var batch: [NewJob] = []
        while let line = source.nextLine() {
            let trimmed = line.trimmedASCIIWhitespace
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            accept(trimmed, source: source.name, line: source.lineNumber, into: &batch, report: &report)
            if batch.count >= batchSize { try await flush(&batch, into: &report) }
        }
        try await flush(&batch, into: &report)
    }

    private func accept(
        _ input: String, source: String, line: Int, into batch: inout [NewJob], report: inout EnqueueReport
    ) {
        do {
            let url = queryFilter.apply(to: try NormalizedURL(parsing: input))
            batch.append(NewJob(url: url.string, host: url.hostKey, depth: depth))
        } catch {
            report.rejected.append(RejectedInput(
                source: source, line: line, input: input.trimmedASCIIWhitespace, reason: error.description))
        }
    }

    private func flush(_ batch: inout [NewJob], into report: inout EnqueueReport) async throws {
        guard !batch.isEmpty else { return }
        let counts = try await store.enqueue(batch)
        report.counts.inserted += counts.inserted
        report.counts.duplicates += counts.duplicates
        batch.removeAll(keepingCapacity: true)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF.
    var trimmedASCIIWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
