import ArgumentParser
import TrawlCrawl
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
            crawlers_gone, jobs_of_gone_crawlers, missing_indexes, \
            host_count, hosts (host, total, queued, in_progress, done, failed), errors (reason, count, \
            example), settings (the saved crawl settings: name → value, a list for repeatable flags) and \
            runs (the latest crawl_runs: id, started_at, ended_at, pages, ending, changed).

            --in-flight lists instead the jobs leased to crawlers now (the in_flight view): URL, crawler \
            process, and for how many seconds; with --json, one object per job.

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
              trawl status --db crawl.db --json | jq .settings
              trawl status --db crawl.db --in-flight
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

    @Flag(help: "List the jobs in flight now and for how long, instead of the report.")
    var inFlight = false

    @Option(parsing: .unconditional, help: FlagRanges.runs.help("How many runs to list, the latest first.", valueName: "N"),
            transform: FlagRanges.runs.parse)
    var runs = FlagRanges.runs.initial

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.read)
            do {
                if inFlight {
                    let jobs = try await store.inFlight(limit: 1000)
                    print(json ? InFlightRendering.json(jobs).text : InFlightRendering.text(jobs))
                    return
                }
                let report = try await store.statusReport(topHosts: hosts, topErrors: errors)
                let saved = try await SavedSettings.load(from: store)
                let recent = try await store.recentRuns(limit: runs)
                if json {
                    guard case .object(var keys) = report.json(database: database.displayName) else { return }
                    keys.append(("settings", SettingsRendering.json(saved)))
                    keys.append(("runs", RunRendering.json(recent)))
                    print(JSONValue.object(keys).text)
                } else {
                    print(report.text(database: database.displayName))
                    print(SettingsRendering.summary(saved))
                    print(RunRendering.text(recent))
                }
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}
