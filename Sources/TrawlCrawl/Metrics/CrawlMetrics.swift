import TrawlStore

/// The metrics of one crawl run, built at scrape time from the progress meter's counts and the
/// instruments: one place that names every metric, with its HELP text (the README lists the same).
struct CrawlMetrics {
    var progress: CrawlProgress
    var summary: CrawlSummary
    var instruments: CrawlInstruments
    var runID: Int64?

    var families: [MetricFamily] {
        let crawlerID = instruments.crawlerID.load(ordering: .relaxed)
        var info: [MetricSample] = []
        // Until the crawler is registered (the first milliseconds) it has no id: no sample rather than a
        // series that changes labels a moment later.
        if crawlerID > 0 {
            info = [MetricSample(labels: [MetricLabel("crawler_id", String(crawlerID)),
                                          MetricLabel("run_id", runID.map(String.init) ?? "")], value: 1)]
        }
        var families = [
            MetricFamily(name: "trawl_crawler_info", help: """
                This crawler: crawler_id is its row in the crawlers table, run_id its run's row in crawl_runs. \
                Always 1.
                """, kind: .gauge, samples: info),
            .single("trawl_start_time_seconds", .gauge, help: "Unix time this crawl run started.",
                    instruments.startedAt),
            .labelled("trawl_pages_total", .counter, help: """
                Pages this run finished (done or failed) by the class of their final HTTP status; no_response: \
                failed before any response; robots_blocked: not fetched, robots.txt disallows them.
                """, label: "status_class", pageClasses),
            .labelled("trawl_jobs_finished_total", .counter, help: "Jobs this run finished, by final state.",
                      label: "state", [("done", Double(summary.done)), ("failed", Double(summary.failed))]),
            .single("trawl_requests_retried_total", .counter, help: """
                Requests that failed and whose job went back to the queue for another attempt.
                """, Double(summary.retried)),
            .labelled("trawl_failures_total", .counter, help: """
                Jobs this run finished failed, by kind of cause (the error message up to its first colon or \
                parenthesis, as trawl status groups them).
                """, label: "kind", summary.failuresByReason.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }),
            .single("trawl_received_bytes_total", .counter, help: """
                Response body bytes this run received (after gzip or deflate decoding).
                """, Double(summary.bytes)),
            .single("trawl_requests_in_flight", .gauge, help: "Requests running in libcurl now.",
                    Double(progress.requestsInFlight)),
            .single("trawl_requests_waiting", .gauge, help: """
                Requests waiting in the connector for a free connection, a host slot or the host's rate.
                """, Double(progress.requestsWaiting)),
            .single("trawl_hosts_held", .gauge, help: """
                Hosts this crawler leases now: only it sends them requests until it hands them back.
                """, Double(instruments.hostsHeld.load(ordering: .relaxed))),
        ]
        if let queue = progress.queue {
            families.append(.labelled("trawl_queue_jobs", .gauge, help: """
                Jobs in the database by state, every crawler together (read at most once a second).
                """, label: "state", [("queued", Double(queue.queued)), ("in_progress", Double(queue.inProgress)),
                                      ("done", Double(queue.done)), ("failed", Double(queue.failed))]))
        }
        families.append(.histogram("trawl_claim_duration_seconds", help: """
            Time to claim a batch of jobs and host leases from the database.
            """, instruments.claimLatency.snapshot))
        families.append(.histogram("trawl_commit_duration_seconds", help: """
            Time of one result commit: a transaction that records a group of finished pages.
            """, instruments.commitLatency.snapshot))
        return families
    }

    /// 2xx to 5xx always (a dashboard finds its series from the start), 1xx when seen, then no response
    /// and robots.txt blocks.
    private var pageClasses: [(String, Double)] {
        let responses = summary.responses
        var rows: [(String, Double)] = []
        for statusClass in Set(responses.byClass.keys).union([2, 3, 4, 5]).sorted() {
            rows.append(("\(statusClass)xx", Double(responses.byClass[statusClass] ?? 0)))
        }
        rows.append(("no_response", Double(responses.noResponse)))
        rows.append(("robots_blocked", Double(responses.robotsBlocked)))
        return rows
    }
}
