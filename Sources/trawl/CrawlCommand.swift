import ArgumentParser
import TrawlCrawl
import TrawlFetch
import TrawlStore
import TrawlURLs

struct CrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crawl",
        abstract: "Crawl the queued jobs until none is left.",
        discussion: """
            Workers fetch queued jobs through one shared connector (a libcurl multi handle) whose options \
            mirror aiohttp's TCPConnector: --limit, --limit-per-host, --force-close, --keepalive-timeout, \
            --connect-timeout and --timeout (ClientTimeout sock_connect / total). Results are committed \
            continuously; stop with Ctrl-C at any moment and run trawl crawl --db again to resume.

            Saved settings: a crawl is defined once. The first trawl crawl (or trawl config) on a database \
            saves every crawl setting below in it (table crawl_settings); a later trawl crawl with no flags \
            uses the saved settings, and a flag given again overrides the saved value and is saved in turn. \
            Each run prints which settings it uses and what it changed ("settings: saved (first run …); \
            changed: --rate-per-host 2 → 5") and is recorded in the crawl_runs table. Scope settings \
            (--follow, --max-depth, --include, --exclude, --strip-query, the guards) apply to links \
            discovered from then on; jobs already queued stay (trawl remove drops some). --max-pages and \
            --time-limit are budgets of one run and are not saved.

            Scope rules apply to discovered links before they become jobs (the links table keeps every \
            link): --include / --exclude are POSIX extended regular expressions (regcomp(3), as grep -E) \
            matched anywhere in the normalized URL unless anchored with ^ or $; with any --include a link \
            must match one, and an --exclude always wins. Links refused by a rule or a trap guard are \
            counted by reason in the summary.

            Progress goes to standard error: on a terminal, a status line redrawn in place (pages done, \
            failed and queued, pages per second over the last 10 seconds, bytes, active hosts, an ETA); \
            otherwise a plain log line every --progress-interval seconds. At the end, a summary: pages, \
            time, rate, requests retried, responses by status class, links not queued (beyond --max-depth, \
            outside the --follow scope), and failures by kind of cause ("connect", "DNS", "timed out"...). \
            --quiet prints only errors; --verbose also logs every request.

            The database must exist (trawl enqueue creates it). If another program holds its lock (a sqlite3 \
            shell left in a transaction), the crawl says so once per progress interval, keeps finished pages \
            in memory, and after --lock-timeout seconds ends with its summary and exit status 75. A damaged \
            database file stops the crawl with exit status 3 and the sqlite3 .recover command to run.

            Exit status: 0 when the queue is empty, or --max-pages or --time-limit is reached (failed pages \
            are data, not errors), 3 on a database error (a damaged file included), 64 on bad usage, 66 when the database \
            does not exist, 75 when another program held the database's lock too long, 130 when interrupted \
            by SIGINT, 143 by SIGTERM. With --recrawl-interval the queue never stays empty: the run waits for \
            pages to come due again and ends only at Ctrl-C, --time-limit or --max-pages.

            Examples:
              trawl crawl --db crawl.db --limit-per-host 4 --rate-per-host 2 --max-depth 2
              trawl crawl --db crawl.db                    # resume: saved settings apply
              trawl crawl --db crawl.db --rate-per-host 5  # resume faster; 5 is saved
              trawl crawl --db crawl.db --exclude '/(login|logout|cart)'
              trawl crawl --db crawl.db --include '^https://example\\.org/docs/'
              trawl crawl --db crawl.db --strip-query 'utm_*' --strip-query sessionid
              trawl crawl --db crawl.db --check-external --time-limit 30m
              trawl crawl --db crawl.db --workers 128 --limit 200 --follow domain --verbose
              trawl crawl --db crawl.db --ignore-nofollow
              trawl crawl --db crawl.db --recrawl-interval 1d --time-limit 30d   # keep the site fresh
              nohup trawl crawl --db crawl.db --progress-interval 60 2> crawl.log &
              trawl crawl --db crawl.db --lock-timeout 600 --commit-delay 0.5
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup(title: "Crawl settings (saved in the database; a flag given overrides the saved value)")
    var settings: CrawlSettingFlags
    @OptionGroup var reporting: ReportingOptions

    @Option(parsing: .unconditional,
            help: FlagRanges.maxPages.help("Stop after this many pages in this run (not saved).", valueName: "N"),
            transform: FlagRanges.maxPages.parse)
    var maxPages: Int?
    @Option(help: ArgumentHelp("Stop this run after this long, as on Ctrl-C, and exit 0 (not saved). Example: --time-limit 30m (also 90s, 2h, 1h30m).",
                               valueName: "DURATION"))
    var timeLimit: String?
    @Option(parsing: .unconditional,
            help: FlagRanges.commitDelay.help(
                "Seconds a finished page may wait to be committed with others; 0 commits as soon as the previous "
                    + "commit ends. More means fewer transactions, and more pages fetched again after a kill -9 "
                    + "(not saved).", valueName: "S"),
            transform: FlagRanges.commitDelay.parse)
    var commitDelay = FlagRanges.commitDelay.initial

    func validate() throws {
        _ = try LeaseTimeoutVariable.value()
        if let timeLimit, DurationText.seconds(timeLimit) == nil {
            throw ValidationError("--time-limit '\(timeLimit)' is not a duration: give e.g. 90s, 30m, 2h or 1h30m")
        }
    }

    /// What is not a saved setting: per-run budgets and the logger.
    var runOptions: CrawlOptions {
        var options = CrawlOptions()
        options.maxPages = maxPages
        options.timeLimit = timeLimit.flatMap(DurationText.seconds)
        options.logger = reporting.logger
        options.commitDelay = commitDelay
        if let seconds = try? LeaseTimeoutVariable.value() { options.leaseTimeout = seconds }
        return options
    }

    func run() async throws {
        try await reportingFailures {
            let console = Console()
            reporting.bootstrapLogging(console)
            let store = try database.openStore(.write)
            let quiet = reporting.quiet
            // The settings are read and saved before the crawl starts: a lock held by another program is
            // reported here as during the crawl, and giving up on it ends the same way (summary, exit 75).
            let lockReporter = Task { await LockWaitReporter.report(store) }
            let options: CrawlOptions, runID: Int64
            do {
                (options, runID) = try await settingsForThisRun(store, console: console)
                lockReporter.cancel()
            } catch let failure as CommandFailure where failure.exitCode == .databaseBusy {
                lockReporter.cancel()
                var summary = CrawlSummary()
                summary.ending = .databaseLocked
                if !quiet { console.write(summary.report(queued: nil) + "\n") }
                throw failure
            }
            let crawler = Crawler(store: store, options: options)
            let trap = SignalTrap { signal in
                if !quiet { console.write("trawl: \(signal.name) received, stopping (again to force)\n") }
                crawler.stop()
            }
            defer { trap.cancel() }
            let summary: CrawlSummary
            do {
                summary = try await reporting.showingProgress(of: crawler, on: console) { try await crawler.run() }
            } catch {
                try? await SavedSettings.endRun(runID, nil, error: "\(error)", store: store)
                throw CommandFailure(error)
            }
            try? await SavedSettings.endRun(runID, summary, store: store)
            if !quiet {
                let queued = try? await store.status(topHosts: 0).queued
                console.write(summary.report(queued: queued) + "\n")
            }
            if summary.ending == .databaseLocked {
                throw CommandFailure(StoreError.locked(path: database.db, seconds: database.lockTimeout))
            }
            if summary.ending == .interrupted {
                throw trap.lastSignal == .terminate ? ExitCode(143) : ExitCode.interrupted
            }
        }
    }

    /// Merges the flags given with the saved settings, saves them, says so on stderr, and opens the run's
    /// crawl_runs row.
    private func settingsForThisRun(_ store: any CrawlStore, console: Console) async throws -> (CrawlOptions, Int64) {
        do {
            let (options, resolution) = try await SavedSettings.resolve(
                settings.explicit, base: runOptions, store: store, save: true)
            try SavedSettingRanges.check(options)
            let firstRun = try await store.firstRunStartedAt()
            if !reporting.quiet { console.write(SavedSettings.report(resolution, firstRun: firstRun) + "\n") }
            return (options, try await SavedSettings.beginRun(options, resolution, store: store))
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as SettingsError {
            throw CommandFailure(message: error.description, exitCode: .databaseError)
        } catch let error as ScopeRuleError {
            throw CommandFailure(message: "saved setting: \(error)", exitCode: .databaseError)
        } catch {
            throw CommandFailure(error)
        }
    }
}
