import ArgumentParser
import TrawlFetch

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
            included), 64 bad usage (an unknown flag, a value out of its range), 66 no database at --db, or \
            the --file cannot be read (enqueue), 74 output not writable (export), 75 database locked by \
            another program for longer than --lock-timeout (or, for index, a crawl running), 130 / 143 crawl \
            or enqueue interrupted by SIGINT / SIGTERM.

            Shell completion: trawl --generate-completion-script bash (or zsh, fish) prints a script; for \
            example trawl --generate-completion-script bash > /etc/bash_completion.d/trawl.

            Typical use:
              trawl config  --db crawl.db --limit-per-host 4 --rate-per-host 2 --strip-query 'utm_*'
              trawl enqueue --db crawl.db https://example.org/
              trawl crawl   --db crawl.db                      # uses the saved settings
              trawl status  --db crawl.db
              trawl export  --db crawl.db --format csv --output pages.csv
              trawl retry   --db crawl.db --error "timed out"
              trawl index   --db crawl.db
              sqlite3 crawl.db "select status, title, url from pages limit 20"
            """,
        // What the linked libcurl supports (TLS library, HTTP/2, decoders) is part of the version: it decides
        // what trawl can fetch.
        version: "trawl 0.1.0\n" + LibcurlInfo.current.summary,
        subcommands: [
            EnqueueCommand.self, CrawlCommand.self, ConfigCommand.self, StatusCommand.self, ExportCommand.self,
            RetryCommand.self, RecrawlCommand.self, RemoveCommand.self, IndexCommand.self, CopyCommand.self,
        ]
    )

    /// ArgumentParser's `main`, with a better hint for an unknown flag (see `UnknownFlagHint`).
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let hinted = messageWithFlagHint(for: error, arguments: Array(CommandLine.arguments.dropFirst())) {
                printError(hinted)
                exit(withError: exitCode(for: error))  // an ExitCode: no message of its own
            }
            exit(withError: error)
        }
    }

    /// The usage error for an unknown flag, with trawl's "Did you mean …?" (ArgumentParser's own, an edit
    /// distance of 3 at most, is replaced: it offers `--auth` for `--depth`); nil for any other error.
    static func messageWithFlagHint(for error: any Error, arguments: [String]) -> String? {
        let parserMessage = message(for: error)
        let parserHint = parserMessage.firstRange(of: ". Did you mean").map { parserMessage[$0.lowerBound...] }
        let short = parserHint.map { String(parserMessage[..<$0.startIndex]) } ?? parserMessage
        let prefix = "Unknown option '"
        guard short.hasPrefix(prefix + "--"), short.hasSuffix("'") else { return nil }
        let typed = String(short.dropFirst(prefix.count).dropLast())
        let name = arguments.first { !$0.hasPrefix("-") }
        let subcommand = configuration.subcommands.first { $0.configuration.commandName == name }
        let help = subcommand.map { helpMessage(for: $0, columns: 10_000) } ?? helpMessage(columns: 10_000)
        guard let hint = UnknownFlagHint.sentence(for: typed, among: UnknownFlagHint.flags(inHelp: help)) else {
            return nil
        }
        var full = fullMessage(for: error)
        guard let range = full.firstRange(of: short + (parserHint ?? "")) else { return nil }
        full.replaceSubrange(range, with: short + ". " + hint)
        return full
    }
}
