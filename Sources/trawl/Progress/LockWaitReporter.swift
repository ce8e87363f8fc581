import TrawlStore

/// Says on standard error, every few seconds, that a command is waiting for a database lock another program
/// holds (a sqlite3 shell left in a transaction), so that a wait of minutes never looks like a hang.
enum LockWaitReporter {
    /// Seconds between two messages.
    static let interval = 5.0

    /// Reports `store`'s waits until cancelled.
    static func report(_ store: any CrawlStore, giveUpAfter lockTimeout: Double) async {
        // The first message after a second of waiting (a crawl's commit is shorter), then every `interval`.
        let first = 1 - interval
        var lastSaid = first
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            guard let waited = store.lockWaitSeconds else { lastSaid = first; continue }
            if waited - lastSaid >= interval {
                lastSaid = waited
                printError("trawl: waiting for the database lock held by another program, \(Int(waited)) s "
                           + "(giving up after \(Int(lockTimeout)) s)")
            }
        }
    }
}
