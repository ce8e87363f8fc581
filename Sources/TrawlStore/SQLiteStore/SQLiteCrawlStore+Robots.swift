/// The robots.txt cache and the per-host facts that politeness and safety decisions need.
extension SQLiteCrawlStore {
    public func robots(for origin: String) async throws -> RobotsRecord? {
        try await perform { connection in
            let statement = try connection.statement(
                "SELECT fetched_at, status, body, error FROM robots WHERE origin = ?")
            defer { statement.reset() }
            try statement.bind([.text(origin)])
            guard try statement.step() else { return nil }
            return RobotsRecord(
                origin: origin, fetchedAt: statement.double(at: 0), status: statement.value(at: 1).integer.map(Int.init),
                body: statement.text(at: 2).map { Array($0.utf8) }, error: statement.text(at: 3))
        }
    }

    public func saveRobots(_ record: RobotsRecord) async throws {
        _ = try await perform { connection in
            try connection.writeTransaction {
                try connection.run("""
                    INSERT OR REPLACE INTO robots (origin, fetched_at, status, body, error) VALUES (?, ?, ?, ?, ?)
                    """, .text(record.origin), .real(record.fetchedAt), .optional(record.status),
                    .optional(record.body.map { String(decoding: $0, as: UTF8.self) }), .optional(record.error))
            }
        }
    }

    public func hostWasEnqueued(_ host: String) async throws -> Bool {
        try await perform { connection in
            try connection.scalar("SELECT 1 FROM jobs WHERE host = ? AND parent_id IS NULL LIMIT 1", .text(host)) != nil
        }
    }
}
