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

            The share finished is rounded down (100.0% only when no job is left) and names the links left \
            out by --max-depth. Responses counts finished pages by the class of their final status (a 404 is \
            a done job), plus those with no response and those robots.txt blocked. Links not queued counts, \
            over every run, the links that did not become jobs and why (beyond --max-depth, outside the \
            --follow scope).

            Throughput counts the pages fetched in the last minute and the last five minutes by every \
            crawler process sharing the database, per second of the time the crawl has really run when it is \
            younger than that. Errors are counted by kind, the message up to its first colon or parenthesis, \
            which names the cause ("DNS", "connect", "TLS", "timed out", "stalled", "HTTP 503"), with one \
            full message as an example.

            --json prints the same as one JSON document, for scripts: keys database, schema_version, jobs \
            (total, queued, in_progress, done, failed), throughput (last_minute, last_5_minutes, \
            pages_per_second_last_minute, pages_per_second_last_5_minutes, last_fetched_at, \
            window_seconds_last_minute, window_seconds_last_5_minutes), responses (2xx, 3xx, 4xx, 5xx, \
            no_response, robots_blocked), links_not_queued (max_depth, follow_scope, ...), crawlers, \
            host_count, hosts (host, total, queued, in_progress, done, failed) and errors (reason, count, \
            example).

            Exit status: 0 on success, 3 on a database error, 64 on bad usage.

            Examples:
              trawl status --db crawl.db
              trawl status --db crawl.db --hosts 50 --errors 20
              trawl status --db crawl.db --json | jq .jobs.queued
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(parsing: .unconditional,
            help: FlagRanges.hosts.help("How many hosts to list, those with the most jobs first.", valueName: "N"),
            transform: FlagRanges.hosts.parse)
    var hosts = FlagRanges.hosts.initial

    @Option(parsing: .unconditional,
            help: FlagRanges.errors.help("How many kinds of error to list, the most common first.", valueName: "N"),
            transform: FlagRanges.errors.parse)
    var errors = FlagRanges.errors.initial

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore()
            let report: StatusReport
            do { report = try await store.statusReport(topHosts: hosts, topErrors: errors) } catch {
                throw CommandFailure(message: "\(error)", exitCode: .databaseError)
            }
            print(json ? report.json(database: database.db).text : report.text(database: database.db))
        }
    }
}
