import ArgumentParser
import Logging
import TrawlCrawl

/// `--quiet`, `--verbose` and `--progress-interval`: how much `trawl crawl` says on standard error.
struct ReportingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors: no progress, no summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also log every request: method, URL, status, time.")
    var verbose = false

    @Option(parsing: .unconditional,
            help: FlagRanges.progressInterval.help(
                "Seconds between progress lines when standard error is not a terminal "
                    + "(on a terminal, a status line is redrawn in place instead).",
                valueName: "S"),
            transform: FlagRanges.progressInterval.parse)
    var progressInterval = FlagRanges.progressInterval.initial

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    var logLevel: Logger.Level { quiet ? .error : verbose ? .debug : .info }

    /// Sends every logger of the process to `console` (standard error) at this verbosity. Call once.
    func bootstrapLogging(_ console: Console) {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler(label: label, stream: ConsoleLogStream(console: console))
            handler.logLevel = level
            return handler
        }
    }
}

extension ReportingOptions {
    /// The logger handed to the crawl (see `bootstrapLogging`).
    var logger: Logger { Logger(label: "trawl") }

    /// How progress is shown on `console`.
    func progressMode(_ console: Console) -> ProgressReporter.Mode {
        quiet ? .off : console.isTerminal ? .statusLine : .logLines(every: progressInterval)
    }

    /// Runs `body` (the crawl) while a `ProgressReporter` shows its progress; the status line is erased
    /// before this returns, so that what follows starts on a clean line.
    func showingProgress<T: Sendable>(
        of crawler: Crawler, on console: Console, _ body: () async throws -> T
    ) async throws -> T {
        let reporter = ProgressReporter(crawler: crawler, console: console, logger: logger,
                                        mode: progressMode(console))
        let task = Task { await reporter.run() }
        do {
            let result = try await body()
            task.cancel()
            await task.value
            return result
        } catch {
            task.cancel()
            await task.value
            throw error
        }
    }
}
