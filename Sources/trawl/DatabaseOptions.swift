import ArgumentParser
import TrawlStore

/// `--db` and `--lock-timeout`, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The trawl database: a SQLite file, or a PostgreSQL database as a postgres:// or postgresql:// URL or a "
            + "libpq connection string (e.g. --db postgres://crawler@db1/crawl, --db 'host=db1 dbname=crawl'; "
            + "PG* environment variables and ~/.pgpass apply). Only enqueue (and config, when it sets settings) "
            + "creates it when missing (on PostgreSQL: trawl's tables in an existing, empty database); the other "
            + "commands refuse a missing one.",
        valueName: "path|url"))
    var db = "./trawl.db"

    @Option(parsing: .unconditional,
            help: FlagRanges.lockTimeout.help(
                "Seconds to wait for a database lock another program holds (e.g. --lock-timeout 600) before "
                    + "giving up (exit 75); the wait is reported as it goes.", valueName: "S"),
            transform: FlagRanges.lockTimeout.parse)
    var lockTimeout = FlagRanges.lockTimeout.initial

    /// The PostgreSQL database `--db` names, nil for a SQLite file.
    var postgresTarget: PostgresTarget? { PostgresTarget.recognizes(db) ? PostgresTarget(db) : nil }

    /// `--db` as messages show it: a PostgreSQL URL without its password.
    var displayName: String { postgresTarget?.description ?? db }

    /// Opens the database for `access` on the backend `--db` names, or exits with a message naming the
    /// database and the problem.
    func openStore(_ access: DatabaseAccess) throws -> any CrawlStore {
        try Self.open(db, access: access, lockTimeout: lockTimeout)
    }

    /// Opens `location` (a SQLite path, or a PostgreSQL URL or connection string) for `access`.
    static func open(_ location: String, access: DatabaseAccess, lockTimeout: Double) throws
        -> any CrawlStore & CrawlTables
    {
        do {
            if PostgresTarget.recognizes(location) {
                return try PostgresCrawlStore(target: PostgresTarget(location), access: access, lockTimeout: lockTimeout)
            }
            return try SQLiteCrawlStore(path: location, access: access, lockTimeout: lockTimeout)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// `location` as messages show it: a PostgreSQL URL without its password.
    static func displayName(_ location: String) -> String {
        PostgresTarget.recognizes(location) ? PostgresTarget(location).description : location
    }
}
