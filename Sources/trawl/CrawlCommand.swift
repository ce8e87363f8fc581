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

            Metrics: --metrics 127.0.0.1:9464 serves Prometheus text format at http://127.0.0.1:9464/metrics while \
            the run lasts: pages by status class, failures by kind, bytes, requests in flight, queue depth, hosts \
            held, claim and commit latencies. It is a flag of this run, not a saved setting: give each process on \
            a database its own port. Listening on 0.0.0.0 exposes the metrics to the network.

            Headers, cookies and logins: --header and --robots-agent are saved settings (a refused header, such \
            as Host, Cookie or Authorization, is a usage error naming the flag to use instead). --auth, \
            --netrc, --netrc-file, --cookies and --save-cookies belong to one run: never saved, never \
            printed. Credentials go only to the host named (Basic or Digest, as the server asks), never to a \
            redirect target on another host or port; cookies live in one jar per crawl, in memory, and reach \
            a file only with --save-cookies.

            HTTPS: certificates are checked against the system's CA store (SSL_CERT_FILE and SSL_CERT_DIR \
            choose it, as for OpenSSL programs; trawl --version shows the default); --ca-cert FILE adds the CAs \
            of a PEM file to it; --insecure checks nothing and says so on every run. A refused certificate fails \
            the page under its cause: "TLS unknown CA", "TLS certificate expired", "TLS certificate not yet \
            valid", "TLS host name mismatch"; "TLS handshake failed" when no TLS session could be set up. \
            HTTP/2 is used over TLS where the server offers it (ALPN), requests to one host sharing one \
            connection; --limit-per-host still bounds the requests in flight. --http1.1 refuses HTTP/2.

            Proxies: --proxy URL sends every request through an http://, https://, socks5h:// (the proxy \
            resolves names) or socks5:// (trawl resolves them) proxy; without it, http_proxy (lower case \
            only), https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY and no_proxy/NO_PROXY apply as for curl. \
            The run says which proxy it uses ("via proxy http://127.0.0.1:3128 (from --proxy)"). \
            Credentials in the URL are used and never saved or printed: --proxy is saved without them, so a \
            resumed run that needs them gives --proxy again. Through a proxy, the private-address guard \
            checks the target's name (IP literals, localhost), not its address.

            Exit status: 0 when the queue is empty, or --max-pages or --time-limit is reached (failed pages \
            are data, not errors), 3 on a database error (a damaged file included), 64 on bad usage (a --ca-cert \
            file that holds no PEM certificate, a bad proxy URL or a refused --header included), 65 when the \
            --cookies file is not a Netscape cookie file, 66 when the database does not exist or a --ca-cert, \
            --cookies or --netrc-file file cannot be read, 71 when --metrics cannot listen on its address (port \
            in use), 74 when the --save-cookies file cannot be written, 75 when another program held the \
            database's lock too long, 130 when interrupted \
            by SIGINT, 143 by SIGTERM. With --recrawl-interval the queue never stays empty: the run waits for \
            pages to come due again and ends only at Ctrl-C, --time-limit or --max-pages.

            Examples:
              trawl crawl --db crawl.db --limit-per-host 4 --rate-per-host 2 --max-depth 2
              trawl crawl --db crawl.db                    # resume: saved settings apply
              trawl crawl --db crawl.db --rate-per-host 5  # resume faster; 5 is saved
              trawl crawl --db postgres://crawler@db1/crawl  # one more crawler on a shared PostgreSQL queue
              trawl crawl --db crawl.db --exclude '/(login|logout|cart)'
              trawl crawl --db crawl.db --include '^https://example\\.org/docs/'
              trawl crawl --db crawl.db --strip-query 'utm_*' --strip-query sessionid
              trawl crawl --db crawl.db --check-external --time-limit 30m
              trawl crawl --db crawl.db --workers 128 --limit 200 --follow domain --verbose
              trawl crawl --db crawl.db --ignore-nofollow
              trawl crawl --db crawl.db --header 'Accept-Language: en' --header 'DNT: 1'
              trawl crawl --db crawl.db --robots-agent AuditBot
              trawl crawl --db crawl.db --auth example.org=alice:s3cret
              trawl crawl --db crawl.db --netrc-file ~/.netrc-crawl
              trawl crawl --db crawl.db --cookies jar.txt --save-cookies jar.txt
              trawl crawl --db crawl.db --recrawl-interval 1d --time-limit 30d   # keep the site fresh
              nohup trawl crawl --db crawl.db --progress-interval 60 2> crawl.log &
              trawl crawl --db crawl.db --lock-timeout 600 --commit-delay 0.5
              trawl crawl --db crawl.db --metrics 127.0.0.1:9464   # Prometheus scrapes /metrics
              trawl crawl --db crawl.db --proxy http://user:secret@127.0.0.1:3128
              trawl crawl --db crawl.db --proxy socks5h://127.0.0.1:1080 --no-proxy 'localhost,.corp.example'
              trawl crawl --db crawl.db --ca-cert /etc/ssl/private-ca.pem   # trust a private CA too
              SSL_CERT_FILE=/etc/ssl/corporate.pem trawl crawl --db crawl.db
              trawl crawl --db crawl.db --insecure           # a test site with a self-signed certificate
              trawl crawl --db crawl.db --http1.1            # never HTTP/2
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup(title: "Crawl settings (saved in the database; a flag given overrides the saved value)")
    var settings: CrawlSettingFlags
    @OptionGroup(title: "Logins and cookies (this run only: never saved, never printed)")
    var logins: LoginFlags
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
    @Option(help: ArgumentHelp(
        "Serve Prometheus metrics at http://ADDRESS/metrics while this run lasts (not saved: each process on "
            + "a database takes its own port). ADDRESS is an IPv4 address or [IPv6] address with an optional "
            + "port (default 9464); 0.0.0.0 exposes them to the network. Example: --metrics 127.0.0.1:9464",
        valueName: "ADDRESS"),
            transform: { text in
                do { return try MetricsAddress(parsing: text) } catch { throw ValidationError("\(error)") }
            })
    var metrics: MetricsAddress?

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
            let metricsServer = try startMetricsServer()
            defer { metricsServer?.stop() }
            if let metricsServer, !reporting.quiet {
                console.write("metrics: serving http://\(metricsServer.address)/metrics\n")
            }
            let store = try database.openStore(.write)
            let quiet = reporting.quiet
            // The settings are read and saved before the crawl starts: a lock held by another program is
            // reported here as during the crawl, and giving up on it ends the same way (summary, exit 75).
            let lockReporter = Task { await LockWaitReporter.report(store, giveUpAfter: database.lockTimeout) }
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
            var runOptions = options
            runOptions.runID = runID
            let crawler = Crawler(store: store, options: runOptions)
            metricsServer?.serve { crawler.metrics() }
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
            if let metricsServer, let seconds = MetricsScrapeWait.seconds() {
                _ = await metricsServer.waitForScrape(seconds: seconds)
            }
            if let count = summary.cookiesSaved, let path = options.saveCookies, !quiet {
                console.write("cookies: \(count) written to \(path)\n")
            }
            if let failure = summary.cookieJarFailure {
                throw CommandFailure(message: "--save-cookies: \(failure)", exitCode: .cannotWriteOutput)
            }
            if summary.ending == .databaseLocked {
                throw CommandFailure(StoreError.locked(path: database.displayName, seconds: database.lockTimeout))
            }
            if summary.ending == .interrupted {
                throw trap.lastSignal == .terminate ? ExitCode(143) : ExitCode.interrupted
            }
        }
    }

    /// Listens on `--metrics` before anything else happens, so that a busy or wrong address stops the
    /// command before the crawl starts (exit 71).
    private func startMetricsServer() throws -> MetricsServer? {
        guard let metrics else { return nil }
        do {
            return try MetricsServer(address: metrics)
        } catch {
            throw CommandFailure(message: "\(error)", exitCode: .cannotListen)
        }
    }

    /// Merges the flags given with the saved settings, saves them, says so on stderr, and opens the run's
    /// crawl_runs row.
    private func settingsForThisRun(_ store: any CrawlStore, console: Console) async throws -> (CrawlOptions, Int64) {
        do {
            try CACertificateCheck.check(settings.caCert)  // before it is saved
            var (options, resolution) = try await SavedSettings.resolve(
                settings.explicit, base: try logins.applied(to: runOptions), store: store, save: true)
            try SavedSettingRanges.check(options)
            try CACertificateCheck.check(options.connector.tls.caCertificates)  // a saved file may be gone
            let firstRun = try await store.firstRunStartedAt()
            if !reporting.quiet { console.write(SavedSettings.report(resolution, firstRun: firstRun) + "\n") }
            if !reporting.quiet, let line = logins.report(options) { console.write(line + "\n") }
            let proxyLine = try ProxyAnnouncement.prepare(&options, flags: settings)
            if !reporting.quiet, let proxyLine { console.write(proxyLine + "\n") }
            if !options.connector.tls.verifyCertificates { console.write(CACertificateCheck.insecureWarning + "\n") }
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
