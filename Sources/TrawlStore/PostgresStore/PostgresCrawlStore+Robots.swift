/// The robots.txt cache and the per-host facts that politeness and safety decisions need.
extension PostgresCrawlStore {
    public func robots(for origin: String) async throws -> RobotsRecord? {
        try await perform { connection in
            guard let row = try connection.query(
                "SELECT fetched_at, status, body, error FROM robots WHERE origin = $1", [origin]).first
            else { return nil }
            return RobotsRecord(origin: origin, fetchedAt: row.double(0), status: row.optionalInt(1),
                                body: row[2].map { Array($0.utf8) }, error: row[3])
        }
    }

    public func saveRobots(_ record: RobotsRecord) async throws {
        _ = try await perform { connection in
            try connection.query("""
                INSERT INTO robots (origin, fetched_at, status, body, error) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (origin) DO UPDATE SET fetched_at = excluded.fetched_at, status = excluded.status,
                    body = excluded.body, error = excluded.error
                """, [record.origin, PGParam.double(record.fetchedAt), PGParam.int(record.status),
                      record.body.map { Self.storableText($0) }, record.error])
        }
    }

    public func hostWasEnqueued(_ host: String) async throws -> Bool {
        try await perform { connection in
            try connection.scalar("SELECT 1 FROM jobs WHERE host = $1 AND parent_id IS NULL LIMIT 1", [host]) != nil
        }
    }

    /// Bytes as PostgreSQL text: UTF-8 (invalid sequences replaced, as SQLite's store decodes them) without
    /// NUL characters, which PostgreSQL text cannot hold.
    static func storableText(_ bytes: [UInt8]) -> String {
        guard bytes.contains(0) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }, as: UTF8.self)
    }
}
