import Foundation
import LoopbackServer
import Testing

@Suite("CLI: trawl remove, status --in-flight, --time-limit", .serialized)
struct CLIQueueManagementTests {
    static func rows(_ db: String, _ sql: String) -> [String] { (try? CLIQuery.rows(db, sql)) ?? [] }

    @Test("trawl remove drops queued jobs by host, pattern or depth; --dry-run counts without deleting")
    func remove() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let urls = ["http://a.test/", "http://a.test/cart/1", "http://a.test/login", "http://b.test/", "http://b.test/cart"]
        #expect(try await CLIRunner.run(["enqueue", "--db", db] + urls).status == 0)
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "--depth", "3", "http://a.test/deep"]).status == 0)

        let dry = try await CLIRunner.run(["remove", "--db", db, "--match", "/(login|cart)", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.hasPrefix("would remove: 3 queued jobs\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("  http://a.test/login"))
        #expect(Self.rows(db, "SELECT count(*) FROM jobs") == ["6"])

        let both = try await CLIRunner.run(["remove", "--db", db, "--match", "/cart", "--host", "a.test"])
        #expect(both.stdout == "removed: 1 queued job\n")
        let deep = try await CLIRunner.run(["remove", "--db", db, "--depth-over", "2"])
        #expect(deep.stdout == "removed: 1 queued job\n")
        #expect(Self.rows(db, "SELECT url FROM jobs ORDER BY id")
                == ["http://a.test/", "http://a.test/login", "http://b.test/", "http://b.test/cart"])
        #expect(Self.rows(db, "SELECT host, queued FROM hosts ORDER BY host") == ["a.test|2", "b.test|2"])

        let none = try await CLIRunner.run(["remove", "--db", db])
        #expect(none.status == 64 && none.stderr.contains("give at least one of --host, --match, --depth-over"))
        let bad = try await CLIRunner.run(["remove", "--db", db, "--match", "(cart"])
        #expect(bad.status == 64 && bad.stderr.contains("--match '(cart'"), "\(bad.stderr)")
    }

    @Test("--time-limit stops the run as Ctrl-C does, exits 0 with the reason; status --in-flight showed the slow pages")
    func timeLimitAndInFlight() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.20", handler: { request in
            ServerResponse.html("<title>slow</title>").delivered(.delay(20))
        })
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let urls = (1...6).map { server.url("/slow/\($0)") }
        #expect(try await CLIRunner.run(["enqueue", "--db", db] + urls).status == 0)

        let (process, _, errorPipe) = try CLIRunner.start(["crawl", "--db", db, "--time-limit", "6s", "--workers", "2",
                                                           "--ignore-robots", "--timeout", "30"])
        let errors = CLIRunner.ReadAll(errorPipe)
        // Leased jobs: the two being fetched, and those claimed for the next turn (up to 2 × --workers per host).
        var inFlight = 0
        _ = try await eventually(timeout: 20) {
            inFlight = Int(Self.rows(db, "SELECT count(*) FROM in_flight").first ?? "") ?? 0
            return inFlight >= 2
        }
        let listed = try await CLIRunner.run(["status", "--db", db, "--in-flight"])
        let stopped = try await eventually(timeout: 30) { !process.isRunning }
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()

        #expect((2...4).contains(inFlight), "two workers: two jobs fetched, two more claimed at most")
        #expect(listed.stdout.hasPrefix("in flight: "), "\(listed.stdout)")
        #expect(listed.stdout.contains(server.url("/slow/1")), "\(listed.stdout)")
        #expect(server.requestLog.count == 2, "two workers, and responses slower than the time limit")
        #expect(stopped && process.terminationStatus == 0)
        let text = await errors.textWhenClosed()
        #expect(text.contains("crawl ended (--time-limit reached)"), "\(text)")
        #expect(Self.rows(db, "SELECT count(*) FROM jobs WHERE state = 'in_progress'") == ["0"])
        #expect(Self.rows(db, "SELECT count(*) FROM jobs WHERE state = 'queued'") == ["6"], "aborted jobs went back")
        #expect(Self.rows(db, "SELECT ending, json_extract(settings, '$.\"time-limit\"') FROM crawl_runs")
                == ["--time-limit reached|6s"])
    }
}
