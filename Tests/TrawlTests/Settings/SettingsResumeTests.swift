import Foundation
import LoopbackServer
import Testing
import TrawlSync

/// The headline defect of issue 9: a crawl started with polite settings and resumed with no flags fell back to
/// the defaults (393 requests in one second over 64 connections, the default User-Agent, depth 4). These
/// tests resume with no flags and check, server-side, that the saved settings hold.
@Suite("Settings: a resumed crawl keeps its saved settings", .serialized)
struct SettingsResumeTests {
    /// Pages answered and whether later ones are held, for a first run that must still be crawling when it
    /// is interrupted.
    struct Hold {
        var holding = true
        var answered = 0
    }

    /// /p0 links to /p1 … /p8 (depth 1); each of those links to /deep/N (depth 2, beyond --max-depth 1).
    /// With `hold`, while it is `holding`, the pages after the first three hang (`.neverRespond`): the
    /// first run is surely mid-crawl when interrupted, however slowly the machine (or a sanitizer) runs.
    static func site(hold: ThreadLock<Hold>? = nil) -> @Sendable (ServerRequest) -> ServerResponse {
        let pages = Self.pages()
        return { request in
            let response = pages(request)
            guard let hold, request.pathWithoutQuery != "/robots.txt" else { return response }
            let held = hold.withLock { state -> Bool in
                guard state.holding else { return false }
                if state.answered >= 3 { return true }
                state.answered += 1
                return false
            }
            return held ? response.delivered(.neverRespond) : response
        }
    }

    static func pages() -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let path = request.pathWithoutQuery
            if path == "/p0" {
                return .html("<title>Home</title>" + (1...8).map { "<a href='/p\($0)'>p\($0)</a>" }.joined())
            }
            if path.hasPrefix("/p"), let n = Int(path.dropFirst(2)), (1...20).contains(n) {
                return .html("<title>Page \(n)</title><a href='/deep/\(n)'>deeper</a><a href='/p0'>home</a>")
            }
            if path.hasPrefix("/deep/") { return .html("<title>Deep</title>") }
            return .notFound
        }
    }

    static let firstRunFlags = ["--rate-per-host", "2", "--limit-per-host", "1", "--max-depth", "1",
                                "--follow", "domain", "--user-agent", "audit-bot/1.0"]

    static func rows(_ db: String, _ sql: String) -> [String] { (try? CLIQuery.rows(db, sql)) ?? [] }

    /// Gaps between consecutive page requests (robots.txt left out) that arrived after `since`.
    static func gaps(_ log: [LoggedRequest], after since: Double) -> [Double] {
        let times = log.filter { $0.arrivalTime > since && $0.path != "/robots.txt" }.map(\.arrivalTime).sorted()
        return zip(times.dropFirst(), times).map { $0 - $1 }
    }

    /// Whether requests were paced at `interval` as the server saw them. Arrival times jitter on a loaded
    /// machine (one request delayed makes the next gap short, and the one before it long), so: the whole span
    /// holds the spacing, no two neighbouring gaps together are under the interval, and no gap is under half
    /// the interval (not checked under a sanitizer, whose slowdown stretches the jitter: two requests 6 ms
    /// apart were seen there, between gaps of 0.38 and 0.90 s). An unpaced crawl fails all three (its gaps
    /// are ~0).
    static func paced(_ gaps: [Double], interval: Double) -> Bool {
        let smallestGap = Sanitizer.current == nil ? interval * 0.5 : 0
        return !gaps.isEmpty && gaps.reduce(0, +) >= Double(gaps.count) * interval * 0.9
            && zip(gaps, gaps.dropFirst()).allSatisfy { $0 + $1 >= interval * 0.9 }
            && gaps.allSatisfy { $0 >= smallestGap }
    }

    @Test("interrupted, then resumed with no flags: rate, connections, User-Agent and depth are the saved ones")
    func resumeWithNoFlags() async throws {
        let hold = ThreadLock(Hold())
        let server = try LoopbackHTTPServer(address: "127.0.9.1", handler: Self.site(hold: hold))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)

        // First run: the polite definition, interrupted after three pages (the fourth hangs).
        let (process, _, errorPipe) = try CLIRunner.start(["crawl", "--db", db] + Self.firstRunFlags)
        let firstErrors = CLIRunner.ReadAll(errorPipe)
        let started = try await eventually(timeout: 30) {
            Int(Self.rows(db, "SELECT count(*) FROM pages").first ?? "") ?? 0 >= 3
        }
        process.interrupt()
        let ended = try await eventually(timeout: 15) { !process.isRunning }
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(started && ended && process.terminationStatus == 130)
        hold.withLock { $0.holding = false }
        #expect(await firstErrors.textWhenClosed().contains("settings: new crawl, saved in the database for later runs"))
        let restart = LoopbackHTTPServer.monotonicNow()
        let requestsBefore = server.requestLog.count

        // Resume exactly as the README says: no flags.
        let resumed = try await CLIRunner.run(["crawl", "--db", db], timeout: 90)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("settings: saved (first run "), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("--follow domain --max-depth 1"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("changed: nothing"), "\(resumed.stderr)")

        let log = server.requestLog
        let afterRestart = log.filter { $0.arrivalTime > restart }
        let gaps = Self.gaps(log, after: restart)
        let agents = Set(afterRestart.map { $0.headers["user-agent"] ?? "(none)" })
        let depths = Self.rows(db, "SELECT max(depth), count(*) FROM jobs")
        let times = afterRestart.map(\.arrivalTime).sorted()
        let peakPerSecond = times.indices.map { i in times[i...].prefix { $0 < times[i] + 1 }.count }.max() ?? 0
        // The figures for the issue's closing note (before the change, on main: see the report).
        print("""
            resume figures: \(afterRestart.count) requests after the restart (\(requestsBefore) before), \
            smallest gap \(String(format: "%.3f", gaps.min() ?? -1)) s, at most \(peakPerSecond) in one second, \
            peak connections \(server.maxConcurrentConnections), connections \(server.totalConnections), \
            user agents \(agents.sorted()), jobs (max depth, count) \(depths)
            """)
        #expect(!afterRestart.isEmpty)
        // --rate-per-host 2: request starts at least 0.5 s apart (a little less for the server's clock).
        #expect(Self.paced(gaps, interval: 0.5), "gaps \(gaps)")
        // --limit-per-host 1: one connection at a time, as the server saw them.
        #expect(server.maxConcurrentConnections == 1)
        #expect(agents == ["audit-bot/1.0"])
        // --max-depth 1: /p0 and its eight links, nothing deeper.
        #expect(depths == ["1|9"])
        #expect(Self.rows(db, "SELECT count(*) FROM jobs WHERE state <> 'done'") == ["0"])
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name = 'user-agent'") == ["audit-bot/1.0"])
        // Both runs are recorded, with their settings and endings.
        #expect(Self.rows(db, "SELECT id, ending, json_extract(settings, '$.\"rate-per-host\"') FROM crawl_runs")
                == ["1|interrupted|2", "2|queue empty|2"])
    }

    @Test("a flag given on a later run overrides the saved value, says so, and is saved for the next run")
    func overrideIsSavedInTurn() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.9.2", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let first = try await CLIRunner.run(["crawl", "--db", db] + Self.firstRunFlags, timeout: 90)
        #expect(first.status == 0, "\(first.stderr)")

        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p10"), server.url("/p11"),
                                         server.url("/p12"), server.url("/p13")]).status == 0)
        let restart = LoopbackHTTPServer.monotonicNow()
        let faster = try await CLIRunner.run(["crawl", "--db", db, "--rate-per-host", "5"], timeout: 90)
        #expect(faster.status == 0, "\(faster.stderr)")
        #expect(faster.stderr.contains("changed: --rate-per-host 2 → 5"), "\(faster.stderr)")
        let gaps = Self.gaps(server.requestLog, after: restart)
        #expect(Self.paced(gaps, interval: 0.2), "gaps \(gaps)")
        #expect(Set(server.requestLog.map { $0.headers["user-agent"] ?? "" }) == ["audit-bot/1.0"])
        // The new pages are at depth 0: their depth-1 links (/deep/N) are queued, within the saved --max-depth.
        #expect(Self.rows(db, "SELECT count(*) FROM jobs WHERE url LIKE '%/deep/%'") == ["4"])

        let again = try await CLIRunner.run(["crawl", "--db", db], timeout: 60)
        #expect(again.stderr.contains("--rate-per-host 5") && again.stderr.contains("changed: nothing"),
                "\(again.stderr)")
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name = 'rate-per-host'") == ["5"])
        #expect(Self.rows(db, "SELECT id, changed FROM crawl_runs ORDER BY id")
                == ["1|", "2|--rate-per-host 2 → 5", "3|"])
        let status = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(status.stdout.contains(#""rate-per-host":"5""#) && status.stdout.contains(#""user-agent":"audit-bot/1.0""#))
        #expect(status.stdout.contains(#""runs":[{"id":3"#), "\(status.stdout)")
    }
}
