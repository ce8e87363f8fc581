import ArgumentParser

/// `trawl`: the command line over the TrawlCrawl library. Commands parse flags into option values,
/// call the library, and render its results and errors; nothing else.
@main
struct TrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trawl",
        abstract: "A batch web crawler: URL jobs in SQLite, fetched politely through one shared connector.",
        discussion: """
            Jobs, pages and links live in one SQLite file (--db, default ./trawl.db) that plain sqlite3 can \
            query, also during a crawl; schema.sql documents its tables and views (broken_links, redirects, \
            host_summary, crawl_progress).

            Only enqueue creates a missing database; status and export only read, and work on a database this \
            user cannot write.

            Exit status: 0 success, 1 some input rejected (enqueue), 3 database error (a damaged file \
            included), 64 bad usage, 66 no database at --db, 74 output not writable (export), 75 database \
            locked by another program for longer than --lock-timeout (or, for index, a crawl running), \
            130 / 143 crawl interrupted by SIGINT / SIGTERM.

            Shell completion: trawl --generate-completion-script bash (or zsh, fish) prints a script; for \
            example trawl --generate-completion-script bash > /etc/bash_completion.d/trawl.

            Typical use:
              trawl enqueue --db crawl.db https://example.org/
              trawl crawl   --db crawl.db --limit-per-host 4 --rate-per-host 2
              trawl status  --db crawl.db
              trawl export  --db crawl.db --format csv --output pages.csv
              trawl retry   --db crawl.db --error "timed out"
              trawl index   --db crawl.db
              sqlite3 crawl.db "select status, title, url from pages limit 20"
            """,
        version: "0.1.0",
        subcommands: [
            EnqueueCommand.self, CrawlCommand.self, StatusCommand.self, ExportCommand.self, RetryCommand.self,
            IndexCommand.self,
        ]
    )
}
