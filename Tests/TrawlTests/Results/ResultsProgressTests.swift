import Foundation
import LoopbackServer
import Testing
@testable import TrawlCrawl
@testable import TrawlStore

@Suite("Results: progress while crawling, and the end-of-run summary", .serialized)
struct ResultsProgressTests {
    /// 40 pages answered after 50 ms, 2 workers: a crawl of about a second.
    static let pages = 40

    @Test("off a terminal: a plain progress line every --progress-interval, no escape codes, then the summary")
    func plainProgressLines() async throws {
        let server = try LoopbackHTTPServer(
            address: "127.0.0.90", handler: Results.chainSite(count: Self.pages, delay: 0.05))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let result = try await CLIRunner.run(["crawl", "--db", db, "--workers", "2", "--progress-interval", "0.2",
                                        "--max-depth", "unlimited"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("\u{1B}"), "no terminal escape codes off a terminal")
        #expect(!result.stderr.contains("\r"), "no carriage returns off a terminal")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let progress = lines.filter { $0.contains("progress: ") }
        #expect(progress.count >= 2, "periodic progress lines:\n\(result.stderr)")
        for line in progress {
            #expect(line.contains(" done, ") && line.contains(" failed, ") && line.contains("pages/s (last 10 s)")
                    && line.contains(" active, ") && line.contains("received"), "\(line)")
        }
        // The figures move forward between lines.
        let done = progress.compactMap { line in
            line.components(separatedBy: "progress: ").last?.split(separator: " ").first.flatMap { Int($0) }
        }
        #expect(done == done.sorted() && (done.last ?? 0) > 0, "\(done)")
        let summary = try #require(lines.first { $0.hasPrefix("crawl ended (queue empty): ") })
        #expect(summary.contains("\(Self.pages) pages in ") && summary.contains("\(Self.pages) done, 0 failed")
                && summary.contains("pages/s") && summary.contains("0 jobs left in the queue"), "\(summary)")
    }

    @Test("--quiet prints nothing but errors; --verbose logs every request with its status and time")
    func quietAndVerbose() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.90", handler: Routes.site([
            "/": .html("<title>Home</title><a href='/a'>a</a><a href='/gone'>gone</a>"),
            "/a": .html("<title>A</title>"),
        ]))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let quietDB = directory.file("quiet.db"), verboseDB = directory.file("verbose.db")
        for db in [quietDB, verboseDB] {
            #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        }
        let quiet = try await CLIRunner.run(["crawl", "--db", quietDB, "--quiet", "--progress-interval", "0.05"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty && quiet.stdout.isEmpty, "\(quiet.stderr)")
        #expect(try CLIQuery.rows(quietDB, "SELECT count(*) FROM pages") == ["3"])

        let verbose = try await CLIRunner.run(["crawl", "--db", verboseDB, "--verbose"])
        #expect(verbose.status == 0)
        let requests = verbose.stderr.split(separator: "\n").filter { $0.contains("GET http") }
        for (path, status) in [("/", 200), ("/a", 200), ("/gone", 404)] {
            let url = server.url(path)
            #expect(requests.contains {
                $0.contains("GET \(url) \(status) ") && $0.hasSuffix(" bytes") && $0.contains(" ms ")
            }, "a log line for \(url):\n\(verbose.stderr)")
        }
        #expect(verbose.stderr.contains("crawl ended (queue empty)"))
    }

    @Test("Crawler.progress() while a crawl runs: counts move, the queue is read, the rate is recent")
    func libraryProgress() async throws {
        // About 1.5 s: long enough for the queue counts to be read again (every second) mid-crawl.
        let server = try LoopbackHTTPServer(address: "127.0.0.90", handler: Results.chainSite(count: 30, delay: 0.1))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([server.url("/p0")])
        let crawler = Crawler(store: harness.test.store, options: CrawlHarness.options { $0.workers = 2 })
        let run = Task { try await crawler.run() }
        var snapshots: [CrawlProgress] = []
        for _ in 0..<400 {
            snapshots.append(await crawler.progress())
            if snapshots.last!.pages >= 30 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let summary = try await run.value
        let final = await crawler.progress()
        #expect(summary.done == 30)
        #expect(final.done == 30 && final.failed == 0 && final.bytes == summary.bytes)
        #expect(snapshots.map(\.pages) == snapshots.map(\.pages).sorted())
        #expect(snapshots.contains { $0.activeHosts == 1 }, "the host was active at some point")
        #expect(snapshots.contains { $0.queue != nil && $0.recentPagesPerSecond > 0 })
        #expect(snapshots.contains { $0.estimatedSecondsLeft != nil })
    }

    @Test("the recent rate counts only the last ten seconds; the ETA uses what is left")
    func rateWindowAndETA() {
        var window = RateWindow()
        for i in 0..<100 { window.add(at: 1000 + Double(i) * 0.1) }  // 10 per second over 1000…1010
        #expect(abs(window.rate(at: 1010, since: 990) - 10) < 1.2)
        #expect(window.rate(at: 1030, since: 990) == 0, "nothing in the last ten seconds")
        var young = RateWindow()
        for i in 0..<10 { young.add(at: 1000 + Double(i) * 0.1) }
        #expect(abs(young.rate(at: 1001, since: 1000) - 10) < 0.01, "a young run: since its start")

        var progress = CrawlProgress()
        progress.recentPagesPerSecond = 4
        #expect(progress.estimatedSecondsLeft == nil, "queue unknown")
        progress.queue = QueueStatus(queued: 30, inProgress: 10, done: 5, failed: 0, topHosts: [], hostCount: 1)
        #expect(progress.estimatedSecondsLeft == 10)
        progress.pagesSinceQueueRead = 20
        #expect(progress.estimatedSecondsLeft == 5)
        progress.pagesAllowed = 8
        #expect(progress.estimatedSecondsLeft == 2)
        progress.recentPagesPerSecond = 0
        #expect(progress.estimatedSecondsLeft == nil)
    }
}
