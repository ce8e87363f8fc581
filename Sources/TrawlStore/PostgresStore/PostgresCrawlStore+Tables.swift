/// `CrawlTables` on PostgreSQL: rows as text (PostgreSQL reads each parameter as its column's type); a batch
/// is one `INSERT … SELECT FROM unnest(…)` with one array per column.
extension PostgresCrawlStore: CrawlTables {
    public func tableRows(_ table: String, columns: [String], key: [String], after: [String?]?, limit: Int)
        async throws -> [[String?]]
    {
        // Table and column names come from CrawlCopy's fixed list, never from input. Keys compare as the
        // column types (text keys in byte order, as SQLite orders them).
        let types = try await columnTypes(table)
        let orderKeys = key.map { types[$0] == "text" ? "\($0) COLLATE \"C\"" : $0 }
        let condition = after == nil ? "" : "WHERE (" + orderKeys.joined(separator: ", ") + ") > ("
            + key.indices.map { "$\($0 + 1)::\(types[key[$0]] ?? "text")" }.joined(separator: ", ") + ")"
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) \(condition) "
            + "ORDER BY \(orderKeys.joined(separator: ", ")) LIMIT \(limit)"
        let parameters = after ?? []
        return try await perform { connection in try connection.query(sql, parameters).rows }
    }

    public func insertRows(_ table: String, columns: [String], rows: [[String?]]) async throws {
        guard !rows.isEmpty else { return }
        let types = try await columnTypes(table)
        let arrays = columns.indices.map { column in PGArray.text(rows.map { $0[column] }) }
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT * FROM unnest("
            + columns.indices.map { "$\($0 + 1)::\(types[columns[$0]] ?? "text")[]" }.joined(separator: ", ") + ")"
        _ = try await transaction { connection in try connection.query(sql, arrays) }
    }

    public func isEmptyCrawl() async throws -> Bool {
        try await perform { connection in
            try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM jobs) AND NOT EXISTS (SELECT 1 FROM pages)") == "t"
        }
    }

    /// The identities continue after the ids copied in.
    public func finishCopy() async throws {
        try await transaction { connection in
            for table in ["jobs", "link_targets", "crawl_runs"] {
                try connection.query("""
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)
                    """)
            }
        }
    }

    /// Column name → type name (`bigint`, `text`, `double precision`, …) of one of trawl's tables.
    private func columnTypes(_ table: String) async throws -> [String: String] {
        try await perform { connection in
            var types: [String: String] = [:]
            for row in try connection.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1
                """, [table]).rows {
                types[row.text(0)] = row.text(1)
            }
            return types
        }
    }
}
