import LoopbackServer
import Testing
@testable import TrawlCrawl

/// `Crawler.metrics()` in process: what a crawl reports before it starts and after it ends, against the
/// crawl's own summary and the database.
@Suite("Metrics: a crawl's metrics in process")
struct MetricsCrawlTests {
    @Test("before the run: no crawler yet, no queue read, every counter zero, empty histograms")
    func beforeTheRun() throws {
        let harness = try CrawlHarness()
        defer { harness.remove() }
        let exposition = Exposition(PrometheusText.render(Crawler(store: harness.test.store, options: CrawlHarness.options()).metrics()))
        #expect(exposition.sum("trawl_crawler_info") == nil, "no sample before the crawler registers")
        #expect(exposition.types["trawl_crawler_info"] == "gauge")
        #expect(exposition.sum("trawl_queue_jobs") == nil)
        #expect(exposition.sum("trawl_pages_total") == 0)
        #expect(exposition["trawl_claim_duration_seconds_count"] == 0)
        #expect(exposition["trawl_start_time_seconds"].map { $0 > 1_700_000_000 } == true)
    }

    @Test("after a run: pages and failures as the summary counts them, queue counts final, hosts handed back")
    func afterTheRun() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.151", handler: Routes.site([
            "/": .html(#"<title>Home</title><a href="/a">a</a><a href="/gone">gone</a><a href="/err">err</a>"#),
            "/a": .html("<title>A</title>"),
            "/err": .text("down", status: 500),
        ]))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        var options = CrawlHarness.options { $0.retries = 0 }
        options.runID = 42
        let crawler = Crawler(store: harness.test.store, options: options)
        let summary = try await crawler.run()
        let exposition = Exposition(PrometheusText.render(crawler.metrics()))

        #expect(summary.pages == 4)
        #expect(exposition.byLabel("trawl_pages_total", "status_class")
                == ["2xx": 2, "3xx": 0, "4xx": 1, "5xx": 1, "no_response": 0, "robots_blocked": 0])
        #expect(exposition.byLabel("trawl_failures_total", "kind") == ["HTTP 500": 1])
        #expect(exposition.byLabel("trawl_jobs_finished_total", "state")
                == ["done": Double(summary.done), "failed": Double(summary.failed)])
        #expect(exposition["trawl_received_bytes_total"] == Double(summary.bytes))
        #expect(exposition.byLabel("trawl_queue_jobs", "state") == ["queued": 0, "in_progress": 0, "done": 3, "failed": 1],
                "read once more at the end, not a second old")
        #expect(exposition["trawl_hosts_held"] == 0)
        #expect(exposition.samples.keys.contains { $0.contains(#"run_id="42""#) })
        let commits = exposition.histogram("trawl_commit_duration_seconds")
        #expect(commits.count.map { (1...4).contains($0) } == true, "1 to 4 commits for 4 outcomes")
        #expect(commits.buckets.last == commits.count)
    }
}
