import ArgumentParser
import TrawlStore

/// `--db` and `--lock-timeout`, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The trawl database. Only enqueue (and config, when it sets settings) creates it when missing; the "
            + "other commands refuse a missing file.",
        valueName: "path"))
    var db = "./trawl.db"

    @Option(parsing: .unconditional,
            help: FlagRanges.lockTimeout.help(
                "Seconds to wait for a database lock another program holds (e.g. --lock-timeout 600) before "
                    + "giving up (exit 75); the wait is reported as it goes.", valueName: "S"),
            transform: FlagRanges.lockTimeout.parse)
    var lockTimeout = FlagRanges.lockTimeout.initial

    /// Opens the database for `access`, or exits with a message naming the file and the problem.
    func openStore(_ access: DatabaseAccess) throws -> SQLiteCrawlStore {
        do {
            return try SQLiteCrawlStore(path: db, access: access, lockTimeout: lockTimeout)
        } catch {
            throw CommandFailure(error)
        }
    }
}
