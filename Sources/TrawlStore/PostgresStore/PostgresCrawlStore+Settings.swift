#if canImport(Glibc)
import Glibc
#endif

/// Saved crawl settings (`crawl_settings`) and the record of each run (`crawl_runs`).
extension PostgresCrawlStore {
    public func savedSettings() async throws -> [SavedSetting] {
        try await perform { connection in
            try connection.query("SELECT name, value, updated_at FROM crawl_settings ORDER BY name").rows.map {
                SavedSetting(name: $0.text(0), value: $0.text(1), updatedAt: $0.text(2))
            }
        }
    }

    public func saveSettings(_ values: [String: String], removing removed: [String]) async throws {
        let stamp = WallClock.iso8601(WallClock.now())
        let sorted = values.sorted { $0.key < $1.key }
        try await transaction { connection in
            if !sorted.isEmpty {
                try connection.query("""
                    INSERT INTO crawl_settings AS s (name, value, updated_at)
                    SELECT name, value, $3 FROM unnest($1::text[], $2::text[]) AS n(name, value)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    WHERE s.value <> excluded.value
                    """, [PGArray.text(sorted.map(\.key)), PGArray.text(sorted.map(\.value)), stamp])
            }
            if !removed.isEmpty {
                try connection.query("DELETE FROM crawl_settings WHERE name = ANY($1::text[])", [PGArray.text(removed)])
            }
        }
    }

    public func firstRunStartedAt() async throws -> String? {
        try await perform { connection in try connection.scalar("SELECT min(started_at) FROM crawl_runs") }
    }

    public func beginRun(_ start: RunStart) async throws -> Int64 {
        let pid = Int(getpid())
        let host = SQLiteCrawlStore.machineName
        return try await perform { connection in
            Int64(try connection.scalar("""
                INSERT INTO crawl_runs (started_at, pid, hostname, settings, changed) VALUES ($1, $2, $3, $4, $5)
                RETURNING id
                """, [WallClock.iso8601(WallClock.now()), PGParam.int(pid), host, start.settingsJSON, start.changed])
                ?? "0") ?? 0
        }
    }

    public func endRun(_ id: Int64, _ end: RunEnd) async throws {
        _ = try await perform { connection in
            try connection.query("""
                UPDATE crawl_runs SET ended_at = $1, pages = $2, done = $3, failed = $4, discovered = $5, ending = $6
                WHERE id = $7
                """, [WallClock.iso8601(WallClock.now()), PGParam.int(end.done + end.failed), PGParam.int(end.done),
                      PGParam.int(end.failed), PGParam.int(end.discovered), end.ending, PGParam.int(id)])
        }
    }

    public func recentRuns(limit: Int) async throws -> [RunRecord] {
        try await perform { connection in
            try connection.query("""
                SELECT id, started_at, ended_at, pages, ending, changed FROM crawl_runs ORDER BY id DESC LIMIT $1
                """, [PGParam.int(limit)]).rows.map {
                RunRecord(id: $0.int64(0), startedAt: $0.text(1), endedAt: $0[2], pages: $0.optionalInt(3),
                          ending: $0[4], changed: $0[5])
            }
        }
    }
}
