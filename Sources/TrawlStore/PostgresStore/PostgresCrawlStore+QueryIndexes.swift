/// Indexes that serve users' queries, not the crawl (`page_links_by_target`), suspended while a crawl writes
/// in bulk, as on SQLite. The state lives in the schema (an absent index means "to be built"). The build is
/// a plain `CREATE INDEX` inside a transaction that also checks no crawler is registered: it blocks writes to
/// page_links while it runs, which only the last crawler out (or `trawl index`) ever meets; `CONCURRENTLY`
/// would not block, but cannot run in that transaction and leaves an invalid index when interrupted.
/// An advisory lock makes suspends and builds of several processes take turns.
extension PostgresCrawlStore {
    static let queryIndexNames = ["page_links_by_target"]
    private static let indexLock = "1953658733"

    public func suspendQueryIndexes(expectedPages: Int?) async throws -> Bool {
        try await transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.indexLock))")
            let present = try Self.presentQueryIndexes(connection)
            guard !present.isEmpty else { return true }
            let row = try connection.query(
                "SELECT coalesce(sum(done + failed), 0), coalesce(sum(queued), 0) FROM hosts").first!
            let finished = row.int(0), queued = row.int(1)
            let work = min(queued, expectedPages ?? Int.max)
            guard finished == 0 || work >= finished else { return false }
            for name in present { try connection.execute("DROP INDEX IF EXISTS \(name)") }  // names from the list
            return true
        }
    }

    public func restoreQueryIndexes() async throws -> Bool {
        try await transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.indexLock))")
            let missing = try Self.missingQueryIndexes(connection)
            guard !missing.isEmpty else { return false }
            guard try connection.scalar("SELECT count(*) FROM crawlers") == "0" else { return false }
            for name in missing { try connection.execute(try PostgresSchema.createStatement(ofIndex: name)) }
            return true
        }
    }

    public func buildQueryIndexes() async throws -> [String] {
        let machine = SQLiteCrawlStore.machineName
        let name = self.name
        return try await transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.indexLock))")
            let missing = try Self.missingQueryIndexes(connection)
            guard !missing.isEmpty else { return [] }
            let liveness = CrawlerLiveness(machineName: machine, now: try Self.now(connection),
                                           staleAfter: SQLiteCrawlStore.liveCrawlerWindow)
            let alive = try Self.crawlers(connection).filter { !liveness.isGone($0) }
            if !alive.isEmpty { throw StoreError.crawlRunning(path: name, pids: alive.map { Int($0.pid) }) }
            for index in missing { try connection.execute(try PostgresSchema.createStatement(ofIndex: index)) }
            return missing
        }
    }

    static func missingQueryIndexes(_ connection: PGConnection) throws -> [String] {
        let present = try presentQueryIndexes(connection)
        return queryIndexNames.filter { !present.contains($0) }
    }

    private static func presentQueryIndexes(_ connection: PGConnection) throws -> [String] {
        try connection.query("SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NOT NULL",
                             [PGArray.text(queryIndexNames)]).rows.map { $0.text(0) }
    }
}
