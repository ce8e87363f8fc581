import ArgumentParser
import TrawlStore

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the indexes that serve queries of the results (the index of links by target).",
        discussion: """
            A crawl that writes many links drops page_links_by_target (the index of links by target URL, \\
            used by the broken_links view, "who links here" and the orphans query of the README) when it \\
            starts, and builds it when it finishes. While it is missing, after a crawl that was interrupted \\
            or killed, those queries scan every link: on a large crawl 100 times slower. trawl index builds \\
            it now (one sort: about 0.2 s per million links) and says what it did; trawl status says when it \\
            is missing. It also upgrades a database of an older trawl, as every writing command does.

            While a crawl is running on the database, index builds nothing and exits 75: the crawl builds \\
            the index when it finishes, and an index built meanwhile would be kept up link by link for the \\
            rest of the crawl, which costs it far more. A crawler that is gone (killed) is no obstacle.

            Exit status: 0 on success (also when nothing was missing), 3 on a database error, 64 on bad \\
            usage, 66 when the database does not exist, 75 when a crawl is running or another program held \\
            the database's lock too long.

            Examples:
              trawl index --db crawl.db
              trawl index --db crawl.db && sqlite3 crawl.db "select * from broken_links"
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.write)
            let lockReporter = Task { await LockWaitReporter.report(store, giveUpAfter: database.lockTimeout) }
            defer { lockReporter.cancel() }
            let started = ContinuousClock.now
            let built: [String]
            do { built = try await store.buildQueryIndexes() } catch {
                throw CommandFailure(error)
            }
            if built.isEmpty {
                print("query indexes: all present, nothing to build")
            } else {
                let elapsed = ContinuousClock.now - started
                let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
                print("built \(built.joined(separator: ", ")) in \(milliseconds) ms")
            }
        }
    }
}
