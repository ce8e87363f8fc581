#if canImport(Glibc)
import Glibc
#endif

/// Saved crawl settings (`crawl_settings`) and the record of each run (`crawl_runs`).
extension SQLiteCrawlStore {
    public func savedSettings() async throws -> [SavedSetting] {
        try await perform { connection in
            let rows = try connection.statement("SELECT name, value, updated_at FROM crawl_settings ORDER BY name")
            defer { rows.reset() }
            return try rows.rows {
                SavedSetting(name: $0.text(at: 0) ?? "", value: $0.text(at: 1) ?? "", updatedAt: $0.text(at: 2) ?? "")
            }
        }
    }

    public func saveSettings(_ values: [String: String], removing removed: [String]) async throws {
        let stamp = WallClock.iso8601(WallClock.now())
        try await perform { connection in
            try connection.writeTransaction {
                for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                    try connection.run("""
                        INSERT INTO crawl_settings (name, value, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        WHERE value <> excluded.value
                        """, .text(name), .text(value), .text(stamp))
                }
                for name in removed {
                    try connection.run("DELETE FROM crawl_settings WHERE name = ?", .text(name))
                }
            }
        }
    }

    public func firstRunStartedAt() async throws -> String? {
        try await perform { connection in
            try connection.scalar("SELECT min(started_at) FROM crawl_runs")?.text
        }
    }

    public func beginRun(_ start: RunStart) async throws -> Int64 {
        let pid = Int(getpid())
        let host = Self.machineName
        return try await perform { connection in
            try connection.writeTransaction {
                try connection.scalar("""
                    INSERT INTO crawl_runs (started_at, pid, hostname, settings, changed) VALUES (?, ?, ?, ?, ?)
                    RETURNING id
                    """, .text(WallClock.iso8601(WallClock.now())), .int(pid), .text(host),
                    .text(start.settingsJSON), .optional(start.changed))?.integer ?? 0
            }
        }
    }

    public func endRun(_ id: Int64, _ end: RunEnd) async throws {
        try await perform { connection in
            try connection.writeTransaction {
                _ = try connection.run("""
                    UPDATE crawl_runs SET ended_at = ?, pages = ?, done = ?, failed = ?, discovered = ?, ending = ?
                    WHERE id = ?
                    """, .text(WallClock.iso8601(WallClock.now())), .int(end.done + end.failed), .int(end.done),
                    .int(end.failed), .int(end.discovered), .text(end.ending), .integer(id))
            }
        }
    }

    public func recentRuns(limit: Int) async throws -> [RunRecord] {
        try await perform { connection in
            let rows = try connection.statement("""
                SELECT id, started_at, ended_at, pages, ending, changed FROM crawl_runs ORDER BY id DESC LIMIT ?
                """)
            defer { rows.reset() }
            try rows.bind([.int(limit)])
            return try rows.rows {
                RunRecord(id: Int64($0.int(at: 0)), startedAt: $0.text(at: 1) ?? "", endedAt: $0.text(at: 2),
                          pages: $0.optionalInt(at: 3), ending: $0.text(at: 4), changed: $0.text(at: 5))
            }
        }
    }
}
