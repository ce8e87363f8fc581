import ArgumentParser
import TrawlCrawl
import TrawlStore

struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Add URLs to the crawl queue.",
        discussion: """
            URLs come from arguments and/or a file of one URL per line (--file - reads stdin). Blank lines \
            and lines starting with # are ignored. Only absolute http/https URLs are accepted; each rejected \
            line is reported on stderr with its line number and the reason, and the valid ones are stored \
            all the same. URLs are normalized, and a URL already queued is not added twice.

            enqueue is the command that creates the database (--db) when it does not exist. If another \
            program holds the database's lock, it says so every 5 seconds and gives up after --lock-timeout.

            Exit status: 0 when nothing was rejected, 1 when some input was rejected, 3 on a database error, \
            64 on bad usage, 75 when another program held the database's lock too long.

            Examples:
              trawl enqueue --db crawl.db https://example.org/ https://example.com/a
              trawl enqueue --db crawl.db --file jobs/example.txt
              grep -v ads urls.txt | trawl enqueue --db crawl.db --file -
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Depth given to these jobs (links found on them get depth + 1).")
    var depth = 0

    @Option(name: .long, help: ArgumentHelp("A file of URLs, one per line; - for standard input.",
                                            valueName: "file"))
    var file: String?

    @Argument(help: "URLs to enqueue.")
    var urls: [String] = []

    func validate() throws {
        if urls.isEmpty && file == nil { throw ValidationError("give URLs as arguments, or --file FILE (- for stdin)") }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.create)
            let lockReporter = Task { await LockWaitReporter.report(store) }
            defer { lockReporter.cancel() }
            let enqueuer = Enqueuer(store: store, depth: depth)
            var report = EnqueueReport()
            do {
                try await enqueuer.enqueue(arguments: urls, into: &report)
                if let file {
                    let source: URLLineSource
                    do { source = try URLLineSource(path: file) } catch {
                        throw CommandFailure(message: "\(error)", exitCode: .rejectedInput)
                    }
                    try await enqueuer.enqueue(lines: source, into: &report)
                }
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(error)
            }
            for rejected in report.rejected { printError("trawl: rejected \(rejected)") }
            print(report.summaryLine)
            if !report.rejected.isEmpty { throw ExitCode.rejectedInput }
        }
    }
}
