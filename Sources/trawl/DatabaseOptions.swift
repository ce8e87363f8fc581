import ArgumentParser
import TrawlStore

/// `--db`, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The trawl database (created from schema.sql when missing).",
                                            valueName: "path"))
    var db = "./trawl.db"

    /// Opens the database, or exits with a message naming the file and the problem.
    func openStore() throws -> SQLiteCrawlStore {
        do {
            return try SQLiteCrawlStore(path: db)
        } catch {
            throw CommandFailure(message: error.description, exitCode: .databaseError)
        }
    }
}
