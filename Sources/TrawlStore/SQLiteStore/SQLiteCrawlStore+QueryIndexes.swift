/// Indexes that serve users' queries, not the crawl, suspended while a crawl writes in bulk.
///
/// `page_links_by_target` (links by target, for "who links here" and `broken_links`) is updated at a random
/// place for every link written: on the benchmark crawl that was a tenth of trawl's CPU and half of the
/// bytes written to the WAL, and the share grows with the crawl, as the index outgrows the page cache.
/// SQLite builds the same index from scratch with one sort in a fraction of that (0.2 s for 950,000 links).
/// The state lives in the schema itself: an absent index means "to be built", so a run killed mid-crawl
/// leaves nothing to repair; the next run that finishes builds it.
extension SQLiteCrawlStore {
    /// The query indexes, by name; their definitions are read from `schema.sql`.
    static let queryIndexNames = ["page_links_by_target"]

    public func suspendQueryIndexes(expectedPages: Int?) async throws -> Bool {
        try await perform { connection in
            try connection.writeTransaction {
                let present = try Self.presentQueryIndexes(connection)
                guard !present.isEmpty else { return true }
                let finished = try connection.scalar("SELECT coalesce(sum(done + failed), 0) FROM hosts")?.integer ?? 0
                let queued = try connection.scalar("SELECT coalesce(sum(queued), 0) FROM hosts")?.integer ?? 0
                let work = min(queued, Int64(expectedPages ?? Int.max))
                // Rebuilding costs about as much as reading what is stored; keep the indexes for a run that
                // adds little to it (a retry of a few pages, a --max-pages slice of a big crawl).
                guard finished == 0 || work >= finished else { return false }
                for name in present {
                    try connection.execute("DROP INDEX \(name)")  // a name from queryIndexNames, not input
                }
                return true
            }
        }
    }

    public func restoreQueryIndexes() async throws -> Bool {
        try await perform { connection in
            try connection.writeTransaction {
                let present = try Self.presentQueryIndexes(connection)
                let missing = Self.queryIndexNames.filter { !present.contains($0) }
                guard !missing.isEmpty else { return false }
                guard try connection.scalar("SELECT count(*) FROM crawlers")?.integer ?? 0 == 0 else { return false }
                try connection.execute("PRAGMA cache_size=-\(DatabaseFile.indexBuildCacheKiB)")
                defer { try? connection.execute("PRAGMA cache_size=-\(DatabaseFile.pageCacheKiB)") }
                for name in missing {
                    try connection.execute(try Schema.createStatement(ofIndex: name))
                }
                return true
            }
        }
    }

    /// `trawl index`: builds the query indexes that are absent (upgrading an older database first, as any
    /// writing command does) and returns their names, empty when all were present. Refused with
    /// `StoreError.crawlRunning` while a crawler is alive: the crawl dropped them on purpose and builds them
    /// when it finishes, and built now they would be kept up row by row for the rest of the crawl, which
    /// costs it far more than the build. A crawler that is gone (killed) is no obstacle.
    public func buildQueryIndexes() async throws -> [String] {
        let host = Self.machineName
        let path = self.path
        return try await perform { connection in
            try connection.writeTransaction {
                let missing = try Self.missingQueryIndexes(connection)
                guard !missing.isEmpty else { return [] }
                let liveness = CrawlerLiveness(machineName: host, now: WallClock.now(),
                                               staleAfter: Self.liveCrawlerWindow)
                let alive = try CrawlerLiveness.crawlers(connection).filter { !liveness.isGone($0) }
                if !alive.isEmpty { throw StoreError.crawlRunning(path: path, pids: alive.map { Int($0.pid) }) }
                try connection.execute("PRAGMA cache_size=-\(DatabaseFile.indexBuildCacheKiB)")
                defer { try? connection.execute("PRAGMA cache_size=-\(DatabaseFile.pageCacheKiB)") }
                for name in missing {
                    try connection.execute(try Schema.createStatement(ofIndex: name))
                }
                return missing
            }
        }
    }

    /// The query indexes absent now.
    static func missingQueryIndexes(_ connection: SQLiteConnection) throws -> [String] {
        let present = try presentQueryIndexes(connection)
        return queryIndexNames.filter { !present.contains($0) }
    }

    private static func presentQueryIndexes(_ connection: SQLiteConnection) throws -> [String] {
        try queryIndexNames.filter { name in
            try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?",
                                  .text(name))?.integer == 1
        }
    }
}
