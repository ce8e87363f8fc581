import TrawlStore

extension StatusReport {
    /// `trawl status` as text: totals, throughput, crawlers, the top hosts as a table, the common errors.
    func text(database: String) -> String {
        var lines: [String] = []
        lines.append("database: \(database) (schema version \(schemaVersion))")
        var finished = "\(percentFinished)% finished"
        let beyondDepth = linksNotQueued[.maxDepth]
        if beyondDepth > 0 {
            finished += "; \(ProgressText.counted(beyondDepth, "link")) beyond --max-depth not queued"
        }
        lines.append("jobs: \(queue.total)  queued \(queue.queued)  in_progress \(queue.inProgress)  "
                     + "done \(queue.done)  failed \(queue.failed)  (\(finished))")
        lines.append("responses: \(responses.text)")
        if !linksNotQueued.isEmpty {
            lines.append("links not queued (all runs): \(linksNotQueued.text)")
        }
        lines.append("throughput: \(ProgressText.counted(throughput.lastMinute, "page")) in the last minute "
                     + "(\(ProgressText.decimal(throughput.perSecondLastMinute))/s"
                     + window(throughput.minuteWindow, of: 60) + "), "
                     + "\(throughput.lastFiveMinutes) in the last 5 minutes "
                     + "(\(ProgressText.decimal(throughput.perSecondLastFiveMinutes))/s"
                     + window(throughput.fiveMinuteWindow, of: 300) + "); "
                     + "last page fetched \(throughput.lastFetchedAt ?? "never")")
        lines.append("crawlers running: \(crawlers)")
        if goneCrawlers > 0 {
            lines.append("crawlers gone without stopping (killed or crashed): \(goneCrawlers), holding "
                         + "\(jobsOfGoneCrawlers) \(jobsOfGoneCrawlers == 1 ? "job" : "jobs") in_progress; "
                         + "the next trawl crawl takes them back")
        }
        for index in missingQueryIndexes {
            lines.append("index \(index) missing (dropped by a crawl that is running or was interrupted): "
                         + "lookups of links by target scan every link; "
                         + (crawlers > 0 ? "the running crawl builds it when it finishes, or trawl index builds it after"
                                         : "trawl index builds it"))
        }
        lines.append("hosts: \(queue.hostCount)")
        if !queue.topHosts.isEmpty {
            let width = max(4, queue.topHosts.map(\.host.count).max() ?? 4)
            func row(_ host: String, _ columns: [String]) -> String {
                host.padding(width) + columns.map { $0.leftPadding(9) }.joined()
            }
            lines.append(row("HOST", ["QUEUED", "ACTIVE", "DONE", "FAILED"]))
            for host in queue.topHosts {
                lines.append(row(host.host, [host.queued, host.inProgress, host.done, host.failed].map(String.init)))
            }
        }
        if errors.isEmpty {
            lines.append("errors: none")
        } else {
            lines.append("errors (most common first):")
            let width = errors.map { String($0.count).count }.max() ?? 1
            for tally in errors {
                var line = "  " + String(tally.count).leftPadding(width) + "  " + tally.reason
                if tally.example != tally.reason { line += "  (e.g. \(tally.example))" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The share of jobs finished, one decimal, rounded down: "100.0" only when no job is left to do, so
    /// that 2 jobs left of 10,000 read "99.9", not "100.0".
    var percentFinished: String {
        guard queue.total > 0 else { return "0.0" }
        let tenths = (queue.done + queue.failed).multipliedReportingOverflow(by: 1000)
        let value = tenths.overflow ? Int(Double(queue.done + queue.failed) * 1000 / Double(queue.total))
            : tenths.partialValue / queue.total
        return "\(value / 10).\(value % 10)"
    }

    /// " over the last 12 s" when the crawl is younger than the window the rate is named for.
    private func window(_ seconds: Double, of full: Double) -> String {
        seconds < full ? " over the last \(ProgressText.duration(seconds.rounded()))" : ""
    }

    /// `trawl status --json`: the same figures as one JSON document (keys listed in `trawl status --help`).
    func json(database: String) -> JSONValue {
        .object([
            ("database", .string(database)),
            ("schema_version", .int(schemaVersion)),
            ("jobs", .object([
                ("total", .int(queue.total)), ("queued", .int(queue.queued)),
                ("in_progress", .int(queue.inProgress)), ("done", .int(queue.done)), ("failed", .int(queue.failed)),
            ])),
            ("throughput", .object([
                ("last_minute", .int(throughput.lastMinute)),
                ("last_5_minutes", .int(throughput.lastFiveMinutes)),
                ("pages_per_second_last_minute", .double(throughput.perSecondLastMinute)),
                ("pages_per_second_last_5_minutes", .double(throughput.perSecondLastFiveMinutes)),
                ("last_fetched_at", .string(throughput.lastFetchedAt)),
                ("window_seconds_last_minute", .double(throughput.minuteWindow)),
                ("window_seconds_last_5_minutes", .double(throughput.fiveMinuteWindow)),
            ])),
            ("responses", responses.json),
            ("links_not_queued", linksNotQueued.json),
            ("crawlers", .int(crawlers)),
            ("crawlers_gone", .int(goneCrawlers)),
            ("jobs_of_gone_crawlers", .int(jobsOfGoneCrawlers)),
            ("missing_indexes", .array(missingQueryIndexes.map { .string($0) })),
            ("host_count", .int(queue.hostCount)),
            ("hosts", .array(queue.topHosts.map { host in
                .object([
                    ("host", .string(host.host)), ("total", .int(host.total)), ("queued", .int(host.queued)),
                    ("in_progress", .int(host.inProgress)), ("done", .int(host.done)), ("failed", .int(host.failed)),
                ])
            })),
            ("errors", .array(errors.map { tally in
                .object([("reason", .string(tally.reason)), ("count", .int(tally.count)),
                         ("example", .string(tally.example))])
            })),
        ])
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
