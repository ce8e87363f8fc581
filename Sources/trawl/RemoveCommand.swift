import ArgumentParser
import TrawlCrawl
import TrawlStore

struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Drop queued jobs by host, by URL pattern, or by depth.",
        discussion: """
            Deletes the queued jobs that match every filter given (at least one is required); jobs in \
            progress, done or failed are never touched, and the links that led to them stay in the links \
            table. Use it after narrowing a crawl's scope: saved scope settings apply to links discovered \
            later, not to jobs already queued. --dry-run counts and shows some matching URLs without \
            deleting anything.

            --match takes a POSIX extended regular expression (as --include / --exclude of trawl crawl), \
            matched anywhere in the job's normalized URL. --host takes a host as trawl stores it: lower \
            case, with :port when it is not the scheme's default. --depth-over N drops jobs deeper than N.

            Exit status: 0 on success (also when nothing matched), 3 on a database error, 64 on bad usage.

            Examples:
              trawl remove --db crawl.db --match '/(login|logout|cart)' --dry-run
              trawl remove --db crawl.db --host ads.example.org
              trawl remove --db crawl.db --depth-over 2
              trawl remove --db crawl.db --host example.org --match '\\?page=[0-9]{3,}'
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Only queued jobs of this host.", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Only queued jobs whose URL matches this POSIX extended regular expression.",
                               valueName: "REGEX"))
    var match: String?

    @Option(help: ArgumentHelp("Only queued jobs deeper than N.", valueName: "N"))
    var depthOver: Int?

    @Flag(help: "Count and show the matching jobs; delete nothing.")
    var dryRun = false

    func validate() throws {
        if host == nil && match == nil && depthOver == nil {
            throw ValidationError("give at least one of --host, --match, --depth-over")
        }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
        if let depthOver, depthOver < 0 { throw ValidationError("--depth-over must be 0 or more") }
        if let match {
            do { try QueuePruner.validate(match: match) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(dryRun ? .read : .write)
            let result: (count: Int, sample: [String])
            do {
                let pruner = try QueuePruner(store: store, host: host?.lowercased(), match: match, depthOver: depthOver)
                result = try await pruner.run(dryRun: dryRun)
            } catch {
                throw CommandFailure(error)
            }
            let noun = result.count == 1 ? "job" : "jobs"
            if dryRun {
                print("would remove: \(result.count) queued \(noun)")
                for url in result.sample { print("  \(url)") }
                if result.count > result.sample.count { print("  …") }
            } else {
                print("removed: \(result.count) queued \(noun)")
            }
        }
    }
}
