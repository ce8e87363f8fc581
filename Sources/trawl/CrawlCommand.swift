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
            continuously; stop with Ctrl-C at any moment and run the same command again to resume.

            Progress goes to standard error: on a terminal, a status line redrawn in place (pages done, \
            failed and queued, pages per second over the last 10 seconds, bytes, active hosts, an ETA); \
            otherwise a plain log line every --progress-interval seconds. At the end, a summary: pages, \
            time, rate, and failures by reason. --quiet prints only errors; --verbose also logs every request.

            Exit status: 0 when the queue is empty or --max-pages is reached (failed pages are data, not \
            errors), 3 on a database error, 64 on bad usage, 130 when interrupted by SIGINT, 143 by SIGTERM.

            Examples:
              trawl crawl --db crawl.db
              trawl crawl --db crawl.db --limit-per-host 4 --rate-per-host 2 --max-depth 2
              trawl crawl --db crawl.db --workers 128 --limit 200 --follow domain --verbose
              nohup trawl crawl --db crawl.db --progress-interval 60 2> crawl.log &
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var reporting: ReportingOptions

    @Option(help: "Concurrent workers (each fetches and parses one page at a time).")
    var workers = 64
    @Option(help: "Open connections in total, idle keep-alive ones included (aiohttp limit).")
    var limit = 100
    @Option(help: "Open connections and requests in flight per host, 0 for no bound (aiohttp limit_per_host).")
    var limitPerHost = 0
    @Option(help: ArgumentHelp("Request starts per second per host, evenly spaced; 0 for no bound.",
                               valueName: "R"))
    var ratePerHost = 0.0
    @Option(help: ArgumentHelp("Seconds to establish a connection (aiohttp sock_connect).", valueName: "S"))
    var connectTimeout = 10.0
    @Option(help: ArgumentHelp("Seconds for a whole request, not counting the wait for a free slot (aiohttp total).",
                               valueName: "S"))
    var timeout = 30.0
    @Option(help: ArgumentHelp("Seconds an idle connection is kept for reuse (aiohttp keepalive_timeout).",
                               valueName: "S"))
    var keepaliveTimeout = 15.0
    @Flag(help: "Close every connection after its request (aiohttp force_close).")
    var forceClose = false
    @Option(help: ArgumentHelp("Depth up to which discovered links are followed, or 'unlimited'.",
                               valueName: "D"))
    var maxDepth = MaxDepth(5)
    @Option(help: "Which discovered links become jobs: none, host (same host and port), domain (same registrable domain), all.")
    var follow = FollowScope.host
    @Option(help: ArgumentHelp("Stop after this many pages in this run.", valueName: "N"))
    var maxPages: Int?
    @Option(help: ArgumentHelp("Largest body accepted, in bytes after decoding; larger responses fail.",
                               valueName: "B"))
    var maxBytes = 10_000_000
    @Option(help: "User-Agent header, sent exactly as given on every request.")
    var userAgent = ConnectorOptions.defaultUserAgent
    @Option(help: ArgumentHelp("Retries after a network error, timeout, 429 or 5xx (at most N + 1 requests).",
                               valueName: "N"))
    var retries = 2
    @Option(help: ArgumentHelp("Seconds before the first retry; doubled for each further one, with jitter.",
                               valueName: "S"))
    var retryDelay = 1.0
    @Flag(help: "Do not fetch or obey robots.txt.")
    var ignoreRobots = false
    @Flag(help: "Let links discovered on other hosts reach loopback, private and link-local addresses (URLs you enqueue, and their hosts, always may).")
    var allowPrivate = false

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        _ = try LeaseTimeoutVariable.value()
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if limitPerHost < 0 { throw ValidationError("--limit-per-host must be 0 (no bound) or more") }
        if ratePerHost < 0 { throw ValidationError("--rate-per-host must be 0 (no bound) or more") }
        for (name, value) in [("--connect-timeout", connectTimeout), ("--timeout", timeout),
                              ("--keepalive-timeout", keepaliveTimeout)] where !(value > 0) {
            throw ValidationError("\(name) must be more than 0 seconds")
        }
        if let maxPages, maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
        if retries < 0 { throw ValidationError("--retries must be 0 or more") }
        if retryDelay < 0 { throw ValidationError("--retry-delay must be 0 or more") }
    }

    var options: CrawlOptions {
        var options = CrawlOptions()
        options.workers = workers
        options.connector.limit = limit
        options.connector.limitPerHost = limitPerHost
        options.connector.ratePerHost = ratePerHost > 0 ? ratePerHost : nil
        options.connector.connectTimeout = connectTimeout
        options.connector.timeout = timeout
        options.connector.keepaliveTimeout = keepaliveTimeout
        options.connector.forceClose = forceClose
        options.connector.maxBytes = maxBytes
        options.connector.userAgent = userAgent
        options.maxDepth = maxDepth.value
        options.follow = follow
        options.maxPages = maxPages
        options.retries = retries
        options.retryDelay = retryDelay
        options.ignoreRobots = ignoreRobots
        options.allowPrivate = allowPrivate
        if let seconds = try? LeaseTimeoutVariable.value() { options.leaseTimeout = seconds }
        return options
    }

    func run() async throws {
        try await reportingFailures {
            let console = Console()
            reporting.bootstrapLogging(console)
            let store = try database.openStore()
            var options = self.options
            options.logger = reporting.logger
            let crawler = Crawler(store: store, options: options)
            let quiet = reporting.quiet
            let trap = SignalTrap { signal in
                if !quiet { console.write("trawl: \(signal.name) received, stopping (again to force)\n") }
                crawler.stop()
            }
            defer { trap.cancel() }
            let summary: CrawlSummary
            do {
                summary = try await reporting.showingProgress(of: crawler, on: console) { try await crawler.run() }
            } catch {
                throw CommandFailure(message: "\(error)", exitCode: .databaseError)
            }
            if !quiet {
                let queued = try? await store.status(topHosts: 0).queued
                console.write(summary.report(queued: queued) + "\n")
            }
            if summary.ending == .interrupted {
                throw trap.lastSignal == .terminate ? ExitCode(143) : ExitCode.interrupted
            }
        }
    }
}

/// `--max-depth`: a number, or "unlimited".
struct MaxDepth: ExpressibleByArgument {
    var value: Int?
    init(_ value: Int?) { self.value = value }
    init?(argument: String) {
        if ["unlimited", "none", "inf"].contains(argument.lowercased()) {
            value = nil
        } else if let depth = Int(argument), depth >= 0 {
            value = depth
        } else {
            return nil
        }
    }
    var defaultValueDescription: String { value.map(String.init) ?? "unlimited" }
}

extension FollowScope: ExpressibleByArgument {}
