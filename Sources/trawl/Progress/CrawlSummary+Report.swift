import TrawlCrawl

extension CrawlSummary {
    /// The end-of-run summary printed on standard error: why it ended, pages, time and rate, then failures
    /// by reason. `queued` is what the database still holds, when known.
    func report(queued: Int?) -> String {
        var line = "crawl ended (\(ending.rawValue)): \(ProgressText.count(pages)) pages in "
            + "\(ProgressText.duration(elapsed)) (\(ProgressText.decimal(pagesPerSecond)) pages/s), "
            + "\(ProgressText.count(done)) done, \(ProgressText.count(failed)) failed, "
            + "\(ProgressText.count(retried)) retries queued, \(ProgressText.count(discovered)) new jobs discovered, "
            + "\(ProgressText.bytes(bytes)) received"
        if let queued { line += "; \(ProgressText.count(queued)) jobs left in the queue" }
        var lines = [line]
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
