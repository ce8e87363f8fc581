import ArgumentParser
import TrawlStore

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a crawl from one database to another: SQLite to PostgreSQL, or back.",
        discussion: """
            Moves everything a crawl holds (jobs, pages, page_meta, links, link checks, the robots.txt cache, \
            saved settings, runs and the links-not-queued counts) into a new database, ids kept, so that a \
            crawl started on a laptop continues on a cluster (trawl crawl --db TO resumes it with its saved \
            settings). Jobs in progress arrive queued. The source is only read; the target is created as \
            trawl enqueue would create it and must hold no crawl yet (copy never merges). Stop the source's \
            crawlers first: copy refuses a source with a live crawler.

            Exit status: 0 on success, 3 on a database error or a target that holds a crawl, 64 on bad usage, \
            66 when the source does not exist, 75 when a crawler runs on the source or a lock was held too long.

            Examples:
              trawl copy --from crawl.db --to postgres://crawler@db1/crawl
              trawl copy --from postgres://crawler@db1/crawl --to snapshot.db
            """
    )

    @Option(help: ArgumentHelp("The database to copy: a SQLite file or a PostgreSQL URL.", valueName: "path|url"))
    var from: String

    @Option(help: ArgumentHelp("The new database: a SQLite file or a PostgreSQL URL (an empty database).",
                               valueName: "path|url"))
    var to: String

    @Option(parsing: .unconditional,
            help: FlagRanges.lockTimeout.help(
                "Seconds to wait for a database lock another program holds (e.g. --lock-timeout 600).",
                valueName: "S"),
            transform: FlagRanges.lockTimeout.parse)
    var lockTimeout = FlagRanges.lockTimeout.initial

    func run() async throws {
        try await reportingFailures {
            let source = try DatabaseOptions.open(from, access: .read, lockTimeout: lockTimeout)
            let target = try DatabaseOptions.open(to, access: .create, lockTimeout: lockTimeout)
            let moved: [(table: String, rows: Int)]
            do {
                moved = try await CrawlCopy.copy(from: source, to: target, sourceName: DatabaseOptions.displayName(from),
                                                 targetName: DatabaseOptions.displayName(to))
            } catch let error as CopyError {
                let busy = if case .crawlRunning = error { true } else { false }
                throw CommandFailure(message: "\(error)", exitCode: busy ? .databaseBusy : .databaseError)
            } catch {
                throw CommandFailure(error)
            }
            print("copied to \(DatabaseOptions.displayName(to)): "
                  + moved.map { "\($0.table) \($0.rows)" }.joined(separator: ", "))
        }
    }
}
