import TrawlCrawl

/// How numbers, sizes and durations read in progress lines and summaries.
enum ProgressText {
    /// "1234", "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A count with its noun, singular for 1: "1 page", "2,048 pages", "1 new job". `plural` defaults to
    /// the noun's last word with an "s".
    static func counted(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// One decimal: "45.2".
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Decimal units, as network speeds are given: "512 B", "12.3 kB", "4.5 MB", "1.2 GB".
    static func bytes(_ value: Int) -> String {
        let units = ["kB", "MB", "GB", "TB"]
        guard value >= 1000 else { return "\(value) B" }
        var scaled = Double(value) / 1000
        var unit = 0
        while scaled >= 1000 && unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        return "\(decimal(scaled)) \(units[unit])"
    }

    /// "4.2 s" under a minute, then "3m05s", "2h03m"; days as "1d04h".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return "\(decimal(seconds)) s" }
        let total = Int(seconds.rounded())
        let (days, hours, minutes, secs) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if days > 0 { return "\(days)d\(two(hours))h" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        return "\(minutes)m\(two(secs))s"
    }
}

extension CrawlProgress {
    /// The live status line of a terminal: short, most important first.
    var statusLine: String {
        var parts = ["\(ProgressText.count(done)) done", "\(ProgressText.count(failed)) failed"]
        if let queue { parts.append("\(ProgressText.count(queue.queued)) queued") }
        parts.append("\(ProgressText.decimal(recentPagesPerSecond)) pages/s")
        parts.append(ProgressText.bytes(bytes))
        parts.append("\(activeHosts) \(activeHosts == 1 ? "host" : "hosts") active")
        if let eta = estimatedSecondsLeft { parts.append("ETA \(ProgressText.duration(eta))") }
        if let wait = databaseLockWait, wait >= 1 { parts.append("waiting for the database lock \(Int(wait)) s") }
        return parts.joined(separator: " · ")
    }

    /// Said once per progress interval while the crawl waits for a lock another program holds (a sqlite3
    /// shell left in a transaction), instead of going quiet; nil when it is not waiting.
    var lockWaitLine: String? {
        guard let wait = databaseLockWait, wait >= 1 else { return nil }  // a crawl's own commits are shorter
        return "waiting for the database lock held by another program, \(Int(wait)) s "
            + "(finished pages are kept in memory; trawl gives up after --lock-timeout)"
    }

    /// The periodic line of a log (not a terminal): every figure, spelled out, no escape codes.
    var logLine: String {
        var parts = ["\(done) done", "\(failed) failed", "\(ProgressText.counted(retried, "request")) retried"]
        if let queue { parts.append("\(queue.queued) queued, \(queue.inProgress) in progress in the database") }
        parts.append("\(ProgressText.decimal(recentPagesPerSecond)) pages/s (last 10 s)")
        parts.append("\(ProgressText.bytes(bytes)) received")
        parts.append("\(ProgressText.counted(activeHosts, "host")) active")
        parts.append("\(ProgressText.counted(requestsInFlight, "request")) in flight, "
                     + "\(requestsWaiting) waiting")
        parts.append("elapsed \(ProgressText.duration(elapsed))")
        if let eta = estimatedSecondsLeft { parts.append("ETA \(ProgressText.duration(eta))") }
        return "progress: " + parts.joined(separator: ", ")
    }
}
