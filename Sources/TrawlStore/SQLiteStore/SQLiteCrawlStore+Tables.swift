/// `CrawlTables` on SQLite: rows as text (SQLite's column affinity turns them back into numbers on insert).
extension SQLiteCrawlStore: CrawlTables {
    public func tableRows(_ table: String, columns: [String], key: [String], after: [String?]?, limit: Int)
        async throws -> [[String?]]
    {
        // Table and column names come from CrawlCopy's fixed list, never from input.
        let keys = "(" + key.joined(separator: ", ") + ")"
        let condition = after == nil ? "" : "WHERE \(keys) > (" + key.map { _ in "?" }.joined(separator: ", ") + ")"
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) \(condition) "
            + "ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)"
        let values: [SQLiteValue] = (after ?? []).map { $0.map { .text($0) } ?? .null }
        return try await perform { connection in
            let statement = try connection.statement(dynamicSQL: sql)
            defer { statement.reset() }
            try statement.bind(values)
            return try statement.rows { row in (0..<Int32(columns.count)).map { row.value(at: $0).displayText } }
        }
    }

    public func insertRows(_ table: String, columns: [String], rows: [[String?]]) async throws {
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        try await perform { connection in
            try connection.writeTransaction {
                let statement = try connection.statement(dynamicSQL: sql)
                defer { statement.reset() }
                for row in rows {
                    try statement.bind(row.map { $0.map { .text($0) } ?? .null })
                    try statement.run()
                    statement.reset()
                }
            }
        }
    }

    public func isEmptyCrawl() async throws -> Bool {
        try await perform { connection in
            try connection.scalar("SELECT (SELECT count(*) FROM jobs) + (SELECT count(*) FROM pages)")?.integer == 0
        }
    }

    public func finishCopy() async throws {}
}
