import Foundation
import LoopbackServer
import Testing

@Suite("Settings: trawl config, status and usage errors", .serialized)
struct SettingsCLITests {
    static func rows(_ db: String, _ sql: String) -> [String] { (try? CLIQuery.rows(db, sql)) ?? [] }

    @Test("trawl config saves settings before a crawl; enqueue strips the saved query parameters from seeds")
    func configThenEnqueue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let set = try await CLIRunner.run(["config", "--db", db, "--rate-per-host", "2", "--strip-query", "utm_*",
                                           "--strip-query", "sessionid", "--exclude", "/(login|logout|cart)"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("rate-per-host") && set.stdout.contains("[utm_*, sessionid]"), "\(set.stdout)")
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name = 'strip-query'") == [#"["utm_*","sessionid"]"#])
        #expect(Self.rows(db, "SELECT count(*) FROM crawl_settings") == ["25"], "every setting saved")

        let enqueue = try await CLIRunner.run(["enqueue", "--db", db, "http://a.test/x?utm_source=1&id=2",
                                               "http://a.test/x?id=2&sessionid=9", "http://a.test/y?utm_medium=m"])
        #expect(enqueue.stdout == "enqueued 2, duplicates 1, rejected 0\n")
        #expect(Self.rows(db, "SELECT url FROM jobs ORDER BY id") == ["http://a.test/x?id=2", "http://a.test/y"])

        let show = try await CLIRunner.run(["config", "--db", db, "--json"])
        #expect(show.stdout.contains(#""strip-query":["utm_*","sessionid"]"#), "\(show.stdout)")
        let reset = try await CLIRunner.run(["config", "--db", db, "--reset", "strip-query", "--rate-per-host", "3"])
        #expect(reset.stderr.contains("changed: --rate-per-host 2 → 3"), "\(reset.stderr)")
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name IN ('strip-query', 'rate-per-host')")
                == ["3", "[]"])
        let status = try await CLIRunner.run(["status", "--db", db])
        #expect(status.stdout.contains("saved settings: --rate-per-host 3 --exclude '/(login|logout|cart)'") && status.stdout.contains("runs: none yet"), "\(status.stdout)")
    }

    @Test("an invalid pattern is a usage error naming the pattern and the position; nothing is saved",
          arguments: [["crawl"], ["config"]])
    func invalidPattern(command: [String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let result = try await CLIRunner.run(command + ["--db", db, "--include", "^https://a\\.org/(docs"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--include '^https://a\\.org/(docs' is not a valid POSIX extended regular expression"),
                "\(result.stderr)")
        #expect(result.stderr.contains("at character 17"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db) || Self.rows(db, "SELECT count(*) FROM crawl_settings") == ["0"])
    }

    @Test("bad settings values are usage errors", arguments: [
        (["--time-limit", "soon"], "--time-limit 'soon' is not a duration"),
        (["--max-pages-per-host", "0"], "out of range: expected 1 to 1000000000000, or unlimited"),
        (["--strip-query", ""], "--strip-query '' must name a parameter"),
    ])
    func badValues(arguments: [String], message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIRunner.run(["crawl", "--db", directory.file("crawl.db")] + arguments)
        #expect(result.status == 64 && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a saved value edited by hand into nonsense is refused naming the setting; giving the flag replaces it")
    func unreadableSavedValue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["config", "--db", db, "--rate-per-host", "2"]).status == 0)
        _ = try CLIQuery.rows(db, "UPDATE crawl_settings SET value = 'fast' WHERE name = 'rate-per-host'")
        let refused = try await CLIRunner.run(["crawl", "--db", db])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the saved setting rate-per-host = 'fast' is not a number; give --rate-per-host again"),
                "\(refused.stderr)")
        #expect(Self.rows(db, "SELECT count(*) FROM crawl_runs") == ["0"])
        let fixed = try await CLIRunner.run(["crawl", "--db", db, "--rate-per-host", "3"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("changed: --rate-per-host fast → 3"), "\(fixed.stderr)")
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name = 'rate-per-host'") == ["3"])
    }

    @Test("a saved number edited by hand out of its flag's range is refused before the crawl starts")
    func savedValueOutOfRange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["config", "--db", db, "--workers", "8"]).status == 0)
        _ = try CLIQuery.rows(db, "UPDATE crawl_settings SET value = '100000000' WHERE name = 'workers'")
        let refused = try await CLIRunner.run(["crawl", "--db", db])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the saved setting workers = '100000000' is out of range: expected 1 to 4096; "
                                        + "give --workers again"), "\(refused.stderr)")
        let fixed = try await CLIRunner.run(["crawl", "--db", db, "--workers", "16"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }
}
