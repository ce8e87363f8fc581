public import TrawlStore
public import TrawlURLs

/// One input line that was not enqueued, and why: enough for the user to find and fix it.
public struct RejectedInput: Sendable, Equatable, CustomStringConvertible {
    /// Where the input came from: a file name, "stdin" or "argument".
    public var source: String
    /// Physical line number (counted from 1), or the argument's position.
    public var line: Int
    /// The input as shown: escaped and cut to a few hundred characters (see `InputExcerpt`), so that a
    /// binary or huge line neither floods the terminal nor stays in memory.
    public var input: String
    public var reason: String

    public var description: String { "\(source):\(line): \(reason): \(input)" }
}

/// The result of an enqueue: counts, the rejected lines, and whether the input was read to its end.
public struct EnqueueReport: Sendable, Equatable {
    public var counts = EnqueueCounts()
    /// The first `keptRejections` rejected lines (every one goes to `Enqueuer`'s `onRejected` as it is
    /// found): a file of millions of bad lines must not fill memory.
    public var rejected: [RejectedInput] = []
    /// Rejected lines in all.
    public var rejectedCount = 0
    public static let keptRejections = 1000
    /// The input was stopped before its end (`URLLineSource.stop()`, a cancelled task): every line read
    /// before was stored, the rest was not read.
    public var interrupted = false
    /// The input failed part way; every line read before was stored.
    public var readError: EnqueueError?
    public init() {}

    /// "enqueued 3, duplicates 1, rejected 2"
    public var summaryLine: String {
        "enqueued \(counts.inserted), duplicates \(counts.duplicates), rejected \(rejectedCount)"
    }
}

/// Validates and normalizes URL input and adds it to the queue in batches: valid lines are stored even
/// when others beside them are rejected, too long or not text at all.
public struct Enqueuer: Sendable {
    private let store: any CrawlStore
    private let depth: Int
    private let maxURLLength: Int
    private let batchSize: Int
    private let onRejected: @Sendable (RejectedInput) -> Void
    /// The crawl's saved `--strip-query`: seeds are normalized like discovered links.
    private let queryFilter: QueryParameterFilter
    /// Lines asked of the source at a time.
    static let linesPerRead = 1024

    /// `maxURLLength`: longer URLs (as given, or once normalized) are rejected. `onRejected` sees each
    /// rejected line as it is found (the CLI reports it at once). `stripQuery`: the crawl's saved
    /// `--strip-query` parameters, removed from every URL.
    public init(
        store: any CrawlStore, depth: Int = 0, maxURLLength: Int = NormalizedURL.maxLength, batchSize: Int = 10_000,
        stripQuery: [String] = [], onRejected: @escaping @Sendable (RejectedInput) -> Void = { _ in }
    ) {
        self.store = store
        self.depth = depth
        self.maxURLLength = maxURLLength
        self.batchSize = batchSize
        self.onRejected = onRejected
        self.queryFilter = QueryParameterFilter(stripQuery)
    }

    /// Enqueues URLs given as command-line arguments (numbered from 1 in messages).
    public func enqueue(arguments: [String], into report: inout EnqueueReport) async throws {
        var batch: [NewJob] = []
        for (index, argument) in arguments.enumerated() {
            accept(argument, source: "argument", line: index + 1, into: &batch, report: &report) {
                InputExcerpt.of(argument.trimmedASCIIWhitespace)
            }
        }
        try await flush(&batch, into: &report)
    }

    /// Enqueues a file of one URL per line; blank lines and lines starting with `#` are skipped.
    /// Cancelling the task stops the input (see `URLLineSource.stop()`): the lines read so far are stored
    /// and `report.interrupted` is set. A read error is kept in `report.readError`, after storing the lines
    /// before it. Throws only the store's errors.
    public func enqueue(lines source: URLLineSource, into report: inout EnqueueReport) async throws {
        var batch: [NewJob] = []
        do {
            try await withTaskCancellationHandler {
                while !Task.isCancelled {
                    let lines = try await source.nextLines(limit: Self.linesPerRead)
                    if lines.isEmpty { break }
                    for line in lines { accept(line, source: source.name, into: &batch, report: &report) }
                    // A short read means the input paused (a slow pipe, a terminal): store what came so far.
                    if batch.count >= batchSize || lines.count < Self.linesPerRead {
                        try await flush(&batch, into: &report)
                    }
                }
            } onCancel: {
                source.stop()
            }
        } catch let error as EnqueueError {
            report.readError = error
        }
        try await flush(&batch, into: &report)
        if Task.isCancelled || source.isStopped { report.interrupted = true }
    }

    private func accept(_ line: InputLine, source: String, into batch: inout [NewJob], report: inout EnqueueReport) {
        let content = line.bytes.trimmingASCIIWhitespace
        if (content.isEmpty && !line.isCut) || content.first == UInt8(ascii: "#") { return }
        if line.isCut {
            // Only its start was read: too long, whatever the rest holds.
            reject(RejectedInput(
                source: source, line: line.number, input: InputExcerpt.of(content, totalLength: line.length),
                reason: URLInputError.tooLong(length: line.length, limit: maxURLLength).description), into: &report)
            return
        }
        accept(String(decoding: content, as: UTF8.self), source: source, line: line.number, into: &batch,
               report: &report) { InputExcerpt.of(content) }
    }

    private func accept(
        _ input: String, source: String, line: Int, into batch: inout [NewJob], report: inout EnqueueReport,
        shown: () -> String
    ) {
        do throws(URLInputError) {
            let length = input.trimmedASCIIWhitespace.utf8.count
            if length > maxURLLength { throw .tooLong(length: length, limit: maxURLLength) }
            let parsed = try NormalizedURL(parsing: input)
            let url = queryFilter.apply(to: parsed)
            if url.length > maxURLLength { throw .tooLong(length: url.length, limit: maxURLLength) }
            guard !parsed.droppedUserinfo else {
                // Crawling without them would fetch something else; storing them would leak a password.
                reject(RejectedInput(source: source, line: line, input: URLUserinfo.masked(shown()),
                                     reason: Self.credentialsRefused), into: &report)
                return
            }
            batch.append(NewJob(url: url.string, host: url.hostKey, depth: depth))
        } catch {
            reject(RejectedInput(source: source, line: line, input: URLUserinfo.masked(shown()),
                                 reason: error.description), into: &report)
        }
    }

    static let credentialsRefused = "a user name or password in the URL (user:password@): trawl never stores "
        + "credentials in its database, so it does not crawl such a URL; enqueue it without them "
        + "(sites that need a login cannot be crawled with credentials yet)"

    private func reject(_ rejected: RejectedInput, into report: inout EnqueueReport) {
        report.rejectedCount += 1
        if report.rejected.count < EnqueueReport.keptRejections { report.rejected.append(rejected) }
        onRejected(rejected)
    }

    private func flush(_ batch: inout [NewJob], into report: inout EnqueueReport) async throws {
        guard !batch.isEmpty else { return }
        let counts = try await store.enqueue(batch)
        report.counts.inserted += counts.inserted
        report.counts.duplicates += counts.duplicates
        batch.removeAll(keepingCapacity: true)
    }
}

private func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
}

extension [UInt8] {
    /// Without leading and trailing spaces, tabs, CR and LF.
    var trimmingASCIIWhitespace: ArraySlice<UInt8> {
        guard let first = firstIndex(where: { !isASCIIWhitespace($0) }) else { return [] }
        let last = lastIndex(where: { !isASCIIWhitespace($0) })!
        return self[first...last]
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
