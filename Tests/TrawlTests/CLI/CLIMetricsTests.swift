import Foundation
import LoopbackServer
import Testing
@testable import TrawlStore

/// `trawl crawl --metrics`: the real binary crawls a loopback site while the test scrapes its /metrics,
/// once with a request held in flight and once after the crawl, and checks the values against the site and
/// the server's own logs, and the text with promtool.
@Suite("CLI: crawl metrics for Prometheus", .serialized)
struct CLIMetricsTests {
    /// Eight pages: five 2xx (one of them held until the test lets it go), a 404, a 503, and (enqueued
    /// beside the site) a closed port.
    static let links = ["/a", "/b", "/c", "/slow", "/missing", "/broken"].map { "<a href=\"\($0)\">x</a>" }.joined()

    static func site(gate: DispatchSemaphore) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            switch request.pathWithoutQuery {
            case "/": return .html("<title>Home</title>" + Self.links)
            case "/a", "/b", "/c": return .html("<title>Page \(request.pathWithoutQuery)</title>")
            case "/slow":
                // Held on this connection's own server thread until the test has scraped (bounded).
                _ = gate.wait(timeout: .now() + 60)
                return .html("<title>Slow</title>")
            case "/broken": return .text("unavailable", status: 503)
            default: return .notFound
            }
        }
    }

    static func scrape(_ url: String) async throws -> String {
        let port = UInt16(url.split(separator: ":").last!.split(separator: "/").first!)!
        return try await offPool {
            let client = try RawHTTPClient(port: port)
            try client.sendRequest("/metrics")
            let response = try client.readResponse(timeout: 30)
            guard response.status == 200,
                  response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8" else {
                throw RawHTTPClient.Failure.malformedResponse
            }
            return response.text
        }
    }

    static func lint(_ text: String) async throws {
        let check = try #require(try await PromTool.checkMetrics(text), "promtool is missing: run scripts/setup.sh")
        #expect(check.status == 0 && check.output.isEmpty, "promtool: \(check.output)\n\(text)")
    }

    @Test("metrics during and after a crawl match the site: pages by class, failures by kind, retries, bytes, in flight, leases, queue, latencies")
    func crawlMetrics() async throws {
        let gate = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer(handler: Self.site(gate: gate))
        defer { server.stop() }
        defer { gate.signal() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        // Nothing listens on port 9 (discard) of 127.0.0.152 (an address no other test uses): connection refused.
        let closed = "http://127.0.0.152:9/"
        let enqueued = try await CLIRunner.run(["enqueue", "--db", db, server.url("/"), closed])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")

        let startedAt = Date().timeIntervalSince1970
        let (process, out, err) = try CLIRunner.start(
            ["crawl", "--db", db, "--metrics", "127.0.0.1:0", "--workers", "4", "--retries", "1",
             "--retry-delay", "0.05", "--ignore-robots", "--allow-private", "--timeout", "90"],
            environment: ["TRAWL_METRICS_WAIT_FOR_SCRAPE": "60"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        _ = CLIRunner.ReadAll(out)
        let stderr = StreamedText(err)
        let url = try #require(try await stderr.first(#"http://127\.0\.0\.1:[0-9]+/metrics"#, timeout: 60),
                               "no 'metrics: serving' line: \(stderr.text)")

        // During: the slow page is in flight (the server has its request and holds the answer).
        #expect(try await eventually(timeout: 60) { server.requestCount(path: "/slow") == 1 })
        let during = Exposition(try await Self.scrape(url))
        #expect(during["trawl_requests_in_flight"].map { $0 >= 1 } == true, "\(during.text)")
        #expect(during["trawl_hosts_held"].map { $0 >= 1 } == true, "the site's host is leased: \(during.text)")
        #expect(during.sum("trawl_crawler_info") == 1)
        try await Self.lint(during.text)
        gate.signal()

        // After: the summary is printed, then the process waits for this scrape and exits.
        #expect(try await stderr.first("crawl ended", timeout: 90) != nil, "\(stderr.text)")
        let after = Exposition(try await Self.scrape(url))
        #expect(try await CLISharedDatabaseTests.finish(process, timeout: 60) == 0, "\(stderr.text)")
        try await Self.lint(after.text)

        #expect(after.sum("trawl_pages_total") == 8, "every page of the site: \(after.text)")
        #expect(after.byLabel("trawl_pages_total", "status_class") == [
            "2xx": 5, "3xx": 0, "4xx": 1, "5xx": 1, "no_response": 1, "robots_blocked": 0,
        ])
        #expect(after.byLabel("trawl_jobs_finished_total", "state") == ["done": 6, "failed": 2])
        #expect(after.byLabel("trawl_failures_total", "kind") == ["HTTP 503": 1, "connect": 1], "\(after.text)")
        // --retries 1: the 503 and the refused connection were each tried twice (the server saw /broken twice).
        #expect(server.requestCount(path: "/broken") == 2)
        #expect(after["trawl_requests_retried_total"] == 2)
        // The bodies known here, plus the 404 page's few hundred bytes at most.
        let known = ["<title>Home</title>" + Self.links, "<title>Page /a</title>", "<title>Page /b</title>",
                     "<title>Page /c</title>", "<title>Slow</title>", "unavailable", "unavailable"]
            .map(\.utf8.count).reduce(0, +)
        let bytes = try #require(after["trawl_received_bytes_total"])
        #expect(bytes >= Double(known) && bytes <= Double(known + 1000), "\(known) known: \(after.text)")
        #expect(after["trawl_requests_in_flight"] == 0)
        #expect(after["trawl_requests_waiting"] == 0)
        #expect(after["trawl_hosts_held"] == 0, "every host handed back at the end")
        #expect(after.byLabel("trawl_queue_jobs", "state") == ["queued": 0, "in_progress": 0, "done": 6, "failed": 2])
        let runID = Self.count(db, "SELECT max(id) FROM crawl_runs")
        #expect(after.samples.keys.contains { $0.hasPrefix("trawl_crawler_info{crawler_id=\"") && $0.hasSuffix(",run_id=\"\(runID)\"}") },
                "\(after.text)")
        let start = try #require(after["trawl_start_time_seconds"])
        #expect(start >= startedAt - 5 && start <= Date().timeIntervalSince1970 + 5)

        for name in ["trawl_claim_duration_seconds", "trawl_commit_duration_seconds"] {
            let (buckets, count, sum) = after.histogram(name)
            #expect(buckets.count == 15 && buckets == buckets.sorted(), "cumulative: \(buckets)")
            #expect(buckets.last == count, "+Inf is the count")
            #expect(sum.map { $0 > 0 } == true)
        }
        // Two claims at least (the seeds, then the discovered links); a commit carries 1 to 10 outcomes
        // (8 pages and 2 retries), so there were 1 to 10 of them.
        #expect(after.histogram("trawl_claim_duration_seconds").count.map { $0 >= 2 } == true)
        #expect(after.histogram("trawl_commit_duration_seconds").count.map { (1...10).contains($0) } == true, "\(after.text)")
        // A per-run flag: neither saved nor recorded with the run's settings.
        #expect(Self.count(db, "SELECT count(*) FROM crawl_settings WHERE name LIKE '%metrics%'") == 0)
        #expect(Self.count(db, "SELECT count(*) FROM crawl_runs WHERE settings LIKE '%metrics%'") == 0)
    }

    @Test("a malformed --metrics address is a usage error (64); a port in use stops before the crawl (71)")
    func addressErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let busy = try LoopbackHTTPServer(handler: { _ in .notFound })
        defer { busy.stop() }
        #expect(try await CLIRunner.run(["enqueue", "--db", db, busy.url("/page")]).status == 0)

        let malformed = try await CLIRunner.run(["crawl", "--db", db, "--metrics", "metrics.example:9464"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--metrics 'metrics.example:9464' is not an address"), "\(malformed.stderr)")

        let taken = try await CLIRunner.run(["crawl", "--db", db, "--metrics", "127.0.0.1:\(busy.port)"])
        #expect(taken.status == 71, "\(taken.stderr)")
        #expect(taken.stderr.contains("cannot listen on 127.0.0.1:\(busy.port): the port is in use"), "\(taken.stderr)")
        // Nothing happened: the job is still queued, no run was recorded, the server got no request.
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state = 'queued'") == 1)
        #expect(Self.count(db, "SELECT count(*) FROM crawl_runs") == 0)
        #expect(busy.requestLog.isEmpty)
    }

    /// Reads the crawl's database in this process, as the assertions above need one number at a time.
    private static func count(_ db: String, _ sql: String) -> Int {
        guard let store = try? SQLiteCrawlStore(path: db), let rows = try? store.query(sql) else { return -1 }
        return Int(rows.first?.first.flatMap { $0 } ?? "") ?? -1
    }
}
