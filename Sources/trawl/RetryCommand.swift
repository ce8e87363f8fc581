import ArgumentParser
import TrawlStore

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put finished jobs back in the queue, to be fetched again by the next crawl.",
        discussion: """
            Selects failed jobs (or, with --state, done ones or both) that match every filter given, and puts \
            them back in the queue in one transaction. --status selects pages by their HTTP status whatever \
            their state (a 404 page is done, a 503 one failed) unless --state is given too. Attempts start \
            again from 0 and no back-off applies. \
            Their pages and links rows are deleted (the next fetch writes them anew); jobs.last_error keeps \
            the last error until then. Prints how many jobs were queued again; run trawl crawl to fetch them.

            --error matches a part of the page's error message, ignoring ASCII case: --error "timed out", \
            --error robots.txt, --error "connection refused", --error "HTTP 503". --host takes a host as \
            trawl stores it: lower case, with :port when it is not the scheme's default.

            Exit status: 0 on success (also when nothing matched), 3 on a database error, 64 on bad usage, 66 \
            when the database does not exist, 75 when another program held the database's lock too long.

            Examples:
              trawl retry --db crawl.db
              trawl retry --db crawl.db --error "timed out" --host example.org
              trawl retry --db crawl.db --status 404
              trawl retry --db crawl.db --state all --host example.org:8080
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Which finished jobs: failed, done, or all (default: failed; all with --status).")
    var state: FinishedSelection?

    @Option(help: ArgumentHelp("Only jobs of this host.", valueName: "host"))
    var host: String?

    @Option(parsing: .unconditional,
            help: FlagRanges.status.help("Only pages whose final HTTP status is this.", valueName: "code"),
            transform: FlagRanges.status.parse)
    var status: Int?

    @Option(help: ArgumentHelp("Only pages whose error message contains this text.", valueName: "text"))
    var error: String?

    func validate() throws {
        if let error, error.isEmpty { throw ValidationError("--error must not be empty") }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.write)
            let lockReporter = Task { await LockWaitReporter.report(store, giveUpAfter: database.lockTimeout) }
            defer { lockReporter.cancel() }
            // A status names pages whatever their state: asking for 404s (done) must get them.
            let selection = state ?? (status == nil ? .failed : .all)
            let filter = RetryFilter(
                selection: selection, host: host?.lowercased(), status: status, errorContains: error)
            let count: Int
            do { count = try await store.requeue(filter) } catch {
                throw CommandFailure(error)
            }
            print("queued again: \(count) \(count == 1 ? "job" : "jobs")")
        }
    }
}
