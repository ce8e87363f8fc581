import ArgumentParser
import TrawlStore

/// `--db` and `--lock-timeout`, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The trawl database. Only enqueue creates it when missing; the other commands refuse a missing file.",
        valueName: "path"))
    var db = "./trawl.db"

    @Option(help: ArgumentHelp(
        "Seconds to wait for a database lock another program holds (e.g. --lock-timeout 600) before giving up "
            + "(exit 75); the wait is reported as it goes.",
        valueName: "S"))
    var lockTimeout = SQLiteCrawlStore.defaultLockTimeout

    func validate() throws {
        guard lockTimeout.isFinite, (0...86_400).contains(lockTimeout) else {
            throw ValidationError("--lock-timeout must be 0 to 86400 seconds (got \(lockTimeout))")
        }
    }

    /// Opens the database for `access`, or exits with a message naming the file and the problem.
    func openStore(_ access: DatabaseAccess) throws -> SQLiteCrawlStore {
        do {
            return try SQLiteCrawlStore(path: db, access: access, lockTimeout: lockTimeout)
        } catch {
            throw CommandFailure(error)
        }
    }
}
