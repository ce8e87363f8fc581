import ArgumentParser

/// `trawl`: the command line over the TrawlCrawl library. Commands parse flags into option values,
/// call the library, and render its results and errors; nothing else.
@main
struct TrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trawl",
        abstract: "A batch web crawler: URL jobs in SQLite, fetched politely through one shared connector.",
        discussion: """
            Typical use:
              trawl enqueue --db crawl.db https://example.org/
              trawl crawl   --db crawl.db --limit-per-host 4 --rate-per-host 2
              trawl status  --db crawl.db
              sqlite3 crawl.db "select status, title, url from pages limit 20"
            """,
        version: "0.1.0",
        subcommands: [EnqueueCommand.self, CrawlCommand.self, StatusCommand.self]
    )
}
