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
            time, rate, requests retried, responses by status class, links not queued (beyond --max-depth, \
            outside the --follow scope), and failures by kind of cause ("connect", "DNS", "timed out"...). \
            --quiet prints only errors; --verbose also logs every request.

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

    @Option(parsing: .unconditional,
            help: FlagRanges.workers.help("Concurrent workers (each fetches and parses one page at a time)."),
            transform: FlagRanges.workers.parse)
    var workers = FlagRanges.workers.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.limit.help("Open connections in total, idle keep-alive ones included (aiohttp limit)."),
            transform: FlagRanges.limit.parse)
    var limit = FlagRanges.limit.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.limitPerHost.help(
                "Open connections and requests in flight per host, 0 for no bound (aiohttp limit_per_host)."),
            transform: FlagRanges.limitPerHost.parse)
    var limitPerHost = FlagRanges.limitPerHost.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.ratePerHost.help("Request starts per second per host, evenly spaced; 0 for no bound.",
                                              valueName: "R"),
            transform: FlagRanges.ratePerHost.parse)
    var ratePerHost = FlagRanges.ratePerHost.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.connectTimeout.help("Seconds to establish a connection (aiohttp sock_connect).",
                                                 valueName: "S"),
            transform: FlagRanges.connectTimeout.parse)
    var connectTimeout = FlagRanges.connectTimeout.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.timeout.help(
                "Seconds for a whole request, not counting the wait for a free slot (aiohttp total).", valueName: "S"),
            transform: FlagRanges.timeout.parse)
    var timeout = FlagRanges.timeout.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.keepaliveTimeout.help(
                "Seconds an idle connection is kept for reuse (aiohttp keepalive_timeout).", valueName: "S"),
            transform: FlagRanges.keepaliveTimeout.parse)
    var keepaliveTimeout = FlagRanges.keepaliveTimeout.initial
    @Flag(help: "Close every connection after its request (aiohttp force_close).")
    var forceClose = false
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Depth up to which discovered links are followed, or 'unlimited'. Range: "
                               + "\(FlagRanges.maxDepth.rangeText), or unlimited. "
                               + "(default: \(FlagRanges.maxDepth.initial))", valueName: "D"),
            transform: MaxDepth.parse)
    var maxDepth = MaxDepth(FlagRanges.maxDepth.initial)
    @Option(help: "Which discovered links become jobs: none, host (same host and port), domain (same registrable domain), all.")
    var follow = FollowScope.host
    @Option(parsing: .unconditional,
            help: FlagRanges.maxPages.help("Stop after this many pages in this run.", valueName: "N"),
            transform: FlagRanges.maxPages.parse)
    var maxPages: Int?
    @Option(parsing: .unconditional,
            help: FlagRanges.maxBytes.help("Largest body accepted, in bytes after decoding; larger responses fail.",
                                           valueName: "B"),
            transform: FlagRanges.maxBytes.parse)
    var maxBytes = FlagRanges.maxBytes.initial
    @Option(help: "User-Agent header, sent exactly as given on every request.")
    var userAgent = ConnectorOptions.defaultUserAgent
    @Option(parsing: .unconditional,
            help: FlagRanges.retries.help(
                "Retries after a network error, timeout, 429 or 5xx (at most N + 1 requests).", valueName: "N"),
            transform: FlagRanges.retries.parse)
    var retries = FlagRanges.retries.initial
    @Option(parsing: .unconditional,
            help: FlagRanges.retryDelay.help(
                "Seconds before the first retry; doubled for each further one, with jitter.", valueName: "S"),
            transform: FlagRanges.retryDelay.parse)
    var retryDelay = FlagRanges.retryDelay.initial
    @Flag(help: "Do not fetch or obey robots.txt.")
    var ignoreRobots = false
    @Flag(help: "Let links discovered on other hosts reach loopback, private and link-local addresses (URLs you enqueue, and their hosts, always may).")
    var allowPrivate = false

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

/// `--max-depth`: a number in `FlagRanges.maxDepth`, or "unlimited".
struct MaxDepth: Sendable {
    var value: Int?
    init(_ value: Int?) { self.value = value }

    @Sendable static func parse(_ argument: String) throws -> MaxDepth {
        if ["unlimited", "none", "inf"].contains(argument.lowercased()) { return MaxDepth(nil) }
        do {
            return MaxDepth(try FlagRanges.maxDepth.parse(argument))
        } catch {
            throw FlagValueError("\(error), or unlimited")
        }
    }
}

extension FollowScope: ExpressibleByArgument {}
