import ArgumentParser
import TrawlStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show job counts by state and per host, the most common errors, and recent throughput.",
        discussion: """
            Reads the per-host counters that the schema's triggers keep and two indexes (errors, fetch \
            times), so it answers at once on a queue of millions of jobs, and it works while crawls run \
            (WAL readers do not block the crawl, nor the crawl them).

            Throughput counts the pages fetched in the last minute and the last five minutes by every \
            crawler process sharing the database. Errors are counted by kind: the message up to its first \
            colon or parenthesis ("timed out", "HTTP 503", "could not connect"), with one full message as \
            an example.

            --json prints the same as one JSON document, for scripts: keys database, schema_version, jobs \
            (total, queued, in_progress, done, failed), throughput (last_minute, last_5_minutes, \
            pages_per_second_last_minute, pages_per_second_last_5_minutes, last_fetched_at), crawlers, \
            crawlers_gone, jobs_of_gone_crawlers, missing_indexes, host_count, hosts (host, total, queued, \
            in_progress, done, failed) and errors (reason, count, \
            example).

            status only reads: it works on a database this user cannot write (another user's file, a \
            read-only folder or mount), never upgrades or changes it, and leaves no -wal or -shm file behind. \
            A crawler that is gone (killed, crashed) is not counted as running; status says how many jobs it \
            left in progress, which the next trawl crawl takes back. When the index of links by target is \
            missing (a crawl runs, or one was interrupted), status says so: trawl index builds it.

            Exit status: 0 on success, 3 on a database error, 64 on bad usage, 66 when the database does not \
            exist.

            Examples:
              trawl status --db crawl.db
              trawl status --db crawl.db --hosts 50 --errors 20
              trawl status --db crawl.db --json | jq .jobs.queued
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("How many hosts to list, those with the most jobs first.", valueName: "N"))
    var hosts = 20

    @Option(help: ArgumentHelp("How many kinds of error to list, the most common first.", valueName: "N"))
    var errors = 10

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func validate() throws {
        if hosts < 0 { throw ValidationError("--hosts must be 0 or more") }
        if errors < 0 { throw ValidationError("--errors must be 0 or more") }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.read)
            let report: StatusReport
            do { report = try await store.statusReport(topHosts: hosts, topErrors: errors) } catch {
                throw CommandFailure(error)
            }
            print(json ? report.json(database: database.db).text : report.text(database: database.db))
        }
    }
}
