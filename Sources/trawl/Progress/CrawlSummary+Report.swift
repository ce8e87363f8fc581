import TrawlCrawl
import TrawlStore

extension CrawlSummary {
    /// The end-of-run summary printed on standard error: why it ended, pages, time and rate; the responses
    /// by status class; the links not queued; then failures by reason. `queued` is what the database still
    /// holds, when known.
    ///
    /// ```
    /// crawl ended (queue empty): 12 pages in 3.1 s (3.9 pages/s), 10 done, 2 failed, 3 requests retried
    ///   after a failure, 5 new jobs discovered, 1.2 kB received; 0 jobs left in the queue
    ///   responses: 2xx 8, 4xx 2, 5xx 1, no response 1
    ///   links not queued: 78 beyond --max-depth, 12 outside the --follow scope
    ///   failed: 1 × connect
    /// ```
    func report(queued: Int?) -> String {
        var line = "crawl ended (\(ending.rawValue)): \(ProgressText.counted(pages, "page")) in "
            + "\(ProgressText.duration(elapsed)) (\(ProgressText.decimal(pagesPerSecond)) pages/s), "
            + "\(ProgressText.count(done)) done, \(ProgressText.count(failed)) failed, "
            + "\(ProgressText.counted(retried, "request")) retried after a failure, "
            + "\(ProgressText.counted(discovered, "new job")) discovered, "
            + "\(ProgressText.bytes(bytes)) received"
        if let queued { line += "; \(ProgressText.counted(queued, "job")) left in the queue" }
        var lines = [line]
        if pages > 0 { lines.append("  responses: " + responses.text) }
        if !linksNotQueued.isEmpty { lines.append("  links not queued: " + linksNotQueued.text) }
        if ending == .databaseLocked {
            if unstored > 0 {
                lines.append("  not stored: \(ProgressText.count(unstored)) finished pages (the next crawl fetches them again)")
            }
            if claimsLeftInProgress {
                lines.append("  this run's claimed jobs stay in_progress until the next trawl crawl takes them back")
            }
        }
        let reasons = failuresByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (reason, count) in reasons.prefix(10) {
            lines.append("  failed: \(ProgressText.count(count)) × \(reason)")
        }
        if reasons.count > 10 {
            let others = reasons.dropFirst(10).map(\.value).reduce(0, +)
            lines.append("  failed: \(ProgressText.count(others)) × other reasons (trawl status lists them)")
        }
        return lines.joined(separator: "\n")
    }
}

extension ResponseClasses {
    /// "2xx 8, 4xx 2, 5xx 0, no response 1, blocked by robots.txt 3".
    var text: String {
        labelled.map { "\($0.label) \(ProgressText.count($0.count))" }.joined(separator: ", ")
    }

    /// The same as JSON keys: "2xx" … "5xx" (always), "no_response", "robots_blocked".
    var json: JSONValue {
        var fields = Set(byClass.keys).union([2, 3, 4, 5]).sorted().map { ("\($0)xx", JSONValue.int(byClass[$0] ?? 0)) }
        fields.append(("no_response", .int(noResponse)))
        fields.append(("robots_blocked", .int(robotsBlocked)))
        return .object(fields)
    }
}

extension LinkDropCounts {
    /// "78 beyond --max-depth, 12 outside the --follow scope".
    var text: String {
        ordered.map { "\(ProgressText.count($0.count)) \($0.reason.words)" }.joined(separator: ", ")
    }

    /// {"max_depth": 78, "follow_scope": 12}.
    var json: JSONValue { .object(ordered.map { ($0.reason.key, .int($0.count)) }) }
}
