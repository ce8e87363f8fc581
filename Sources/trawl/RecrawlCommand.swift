import ArgumentParser
import TrawlCrawl
import TrawlStore

struct RecrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recrawl",
        abstract: "Put pages fetched longer ago than a duration back in the queue, to be fetched again.",
        discussion: """
            Selects finished jobs (done ones; with --failed, failed ones too) that finished longer ago than \
            --older-than and match every filter given, and puts them back in the queue with attempts 0. Unlike \
            trawl retry, their pages, links and stored versions stay: the next trawl crawl fetches them again \
            with If-None-Match / If-Modified-Since from the stored ETag / Last-Modified, a 304 keeps the page \
            as it is (title, links, body hash) with a new fetch time, a 200 replaces it. Every fetch adds a row \
            to the fetches table; the page_changes view lists what changed. Prints how many jobs were queued \
            again; --dry-run counts them and shows some, changing nothing.

            --older-than takes a duration: 90s, 30m, 12h, 7d, 1h30m. --host takes a host as trawl stores it: \
            lower case, with :port when it is not the scheme's default. --match takes a POSIX extended regular \
            expression (as --include of trawl crawl), matched anywhere in the job's normalized URL.

            To keep a site fresh without running this, give trawl crawl --recrawl-interval.

            Exit status: 0 on success (also when nothing matched), 3 on a database error, 64 on bad usage, 66 \
            when the database does not exist, 75 when another program held the database's lock too long.

            Examples:
              trawl recrawl --db crawl.db --older-than 7d
              trawl recrawl --db crawl.db --older-than 12h --host example.org --dry-run
              trawl recrawl --db crawl.db --older-than 1d --match '/news/' --failed
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Only jobs that finished longer ago than this: 90s, 30m, 12h, 7d.",
                               valueName: "DURATION"))
    var olderThan: String

    @Option(help: ArgumentHelp("Only jobs of this host.", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Only jobs whose URL matches this POSIX extended regular expression.",
                               valueName: "REGEX"))
    var match: String?

    @Flag(help: "Failed jobs too (network errors, robots.txt, HTTP 5xx after retries), not only done ones.")
    var failed = false

    @Flag(help: "Count and show the matching jobs; queue nothing.")
    var dryRun = false

    func validate() throws {
        if DurationText.seconds(olderThan) == nil {
            throw ValidationError("--older-than '\(olderThan)' is not a duration: give e.g. 90s, 30m, 12h or 7d")
        }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
        if let match {
            do { try QueuePruner.validate(match: match) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(dryRun ? .read : .write)
            let lockReporter = Task { await LockWaitReporter.report(store, giveUpAfter: database.lockTimeout) }
            defer { lockReporter.cancel() }
            let filter = FinishedJobFilter(
                finishedBefore: WallClock.now() - (DurationText.seconds(olderThan) ?? 0),
                states: failed ? [.done, .failed] : [.done], host: host?.lowercased())
            let result: (count: Int, sample: [FinishedJob])
            do {
                result = try await Recrawler(store: store, filter: filter, match: match).run(dryRun: dryRun)
            } catch {
                throw CommandFailure(error)
            }
            let noun = result.count == 1 ? "job" : "jobs"
            if dryRun {
                print("would queue again: \(result.count) \(noun)")
                for job in result.sample { print("  \(job.finishedAt)  \(job.state.rawValue)  \(job.url)") }
                if result.count > result.sample.count { print("  …") }
            } else {
                print("queued again: \(result.count) \(noun)")
            }
        }
    }
}
