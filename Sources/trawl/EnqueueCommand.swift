import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
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
            all the same. URLs are normalized, and a URL already queued is not added twice. A URL with a \
            user name or password (http://user:password@host/) is rejected: trawl never stores credentials. \
            The crawl's saved --strip-query parameters (trawl config) are removed.

            A line longer than the maximum URL length (2083 characters) is rejected like any other bad line, \
            without being read into memory. A rejected line is shown escaped and cut to 200 characters.

            enqueue is the command that creates the database (--db) when it does not exist. If another \
            program holds the database's lock, it says so every 5 seconds and gives up after --lock-timeout.

            Exit status: 0 when nothing was rejected, 1 when some input was rejected, 3 on a database error, \
            64 on bad usage, 66 when the --file cannot be read (missing, unreadable, a directory), 75 when \
            another program held the database's lock too long, 130 / 143 when interrupted by SIGINT / SIGTERM \
            (the URLs read before are stored).

            Examples:
              trawl enqueue --db crawl.db https://example.org/ https://example.com/a
              trawl enqueue --db crawl.db --file jobs/example.txt
              grep -v ads urls.txt | trawl enqueue --db crawl.db --file -
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(parsing: .unconditional,
            help: FlagRanges.depth.help("Depth given to these jobs (links found on them get depth + 1)."),
            transform: FlagRanges.depth.parse)
    var depth = FlagRanges.depth.initial

    @Option(name: .long, help: ArgumentHelp("A file of URLs, one per line; - for standard input.",
                                            valueName: "file"))
    var file: String?

    @Argument(help: "URLs to enqueue.")
    var urls: [String] = []

    func validate() throws {
        if urls.isEmpty && file == nil { throw ValidationError("give URLs as arguments, or --file FILE (- for stdin)") }
    }

    func run() async throws {
        try await reportingFailures {
            // The file is opened first: a missing one is refused before a database is created or a URL stored.
            let source: URLLineSource?
            do { source = try file.map { path throws(EnqueueError) in try URLLineSource(path: path) } } catch {
                throw CommandFailure(message: "\(error)", exitCode: .noInput)
            }
            if let source, source.isStandardInput, isatty(STDIN_FILENO) == 1 {
                printError("trawl: reading URLs from standard input (end with Ctrl-D)")
            }
            let store = try database.openStore(.create)
            let lockReporter = Task { await LockWaitReporter.report(store, giveUpAfter: database.lockTimeout) }
            defer { lockReporter.cancel() }
            let stripQuery: [String]
            do {
                let saved = try await SavedSettings.load(from: store)
                if case .list(let names) = saved[.stripQuery] { stripQuery = names } else { stripQuery = [] }
            } catch {
                throw CommandFailure(error)
            }
            // Each rejected line is reported as it is found: a slow pipe's errors show at once, and a file of
            // millions of bad lines is reported without holding them.
            let enqueuer = Enqueuer(store: store, depth: depth, stripQuery: stripQuery) { rejected in printError("trawl: rejected \(rejected)") }
            let arguments = urls
            let work = Task {
                var report = EnqueueReport()
                try await enqueuer.enqueue(arguments: arguments, into: &report)
                if let source { try await enqueuer.enqueue(lines: source, into: &report) }
                return report
            }
            // SIGINT/SIGTERM stop the reading; what was read is stored (a second signal exits at once).
            let trap = SignalTrap { _ in work.cancel() }
            defer { trap.cancel() }
            let report: EnqueueReport
            do { report = try await work.value } catch {
                throw CommandFailure(error)
            }
            print(report.summaryLine)
            if report.interrupted, let signal = trap.lastSignal {
                printError("""
                    trawl: \(signal.name) received: stopped reading \(source?.name ?? "the input"); the \
                    \(report.counts.inserted) new URLs read before it are stored (\(report.counts.duplicates) were \
                    already queued), the rest of the input was not read
                    """)
                throw ExitCode(128 + signal.number)
            }
            if let readError = report.readError {
                throw CommandFailure(message: "\(readError); the URLs before it are stored", exitCode: .noInput)
            }
            if report.rejectedCount > 0 { throw ExitCode.rejectedInput }
        }
    }
}
