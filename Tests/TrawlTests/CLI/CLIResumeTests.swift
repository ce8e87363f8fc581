import Foundation
import LoopbackServer
import Testing

@Suite("CLI: stop at any moment, resume", .serialized)
struct CLIResumeTests {
    /// 400 pages, each linking to the next three, answered after `answerDelay` so that a crawl with 8 workers
    /// takes 7.5 s: long enough that a loaded machine, polling the database, still catches it mid-crawl (at
    /// 50 ms, 2.5 s, the whole suite's own load once let the crawl finish before the poll saw 60 pages).
    static let answerDelay = 0.15
    static func site() -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let n = Int(request.pathWithoutQuery.dropFirst(2)) ?? -1
            guard request.pathWithoutQuery.hasPrefix("/p"), (0..<400).contains(n) else { return .notFound }
            let links = (1...3).map { n * 3 + $0 }.filter { $0 < 400 }.map { "<a href='/p\($0)'>next</a>" }.joined()
            return ServerResponse.html("<title>Page \(n)</title>\(links)").delivered(.delay(answerDelay))
        }
    }

    static func count(_ db: String, _ sql: String) -> Int {
        Int((try? CLIQuery.rows(db, sql).first) ?? "") ?? -1
    }

    @Test("kill -9 mid-crawl, then crawl again: every page done exactly once, little fetched twice")
    func resumeAfterKill() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.40", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let crawlArguments = ["crawl", "--db", db, "--workers", "8", "--limit-per-host", "8", "--max-depth", "unlimited"]
        let startTime = Date()  // for the rate in the failure message
        let (process, _, _) = try CLIRunner.start(crawlArguments)
        let started = try await eventually(timeout: 20) { Self.count(db, "SELECT count(*) FROM pages") >= 60 }
        let killedAt = LoopbackHTTPServer.monotonicNow()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(started, "the crawl made progress before the kill")
        #expect(process.terminationReason == .uncaughtSignal)
        let crawlSeconds = Date().timeIntervalSince(startTime)
        let doneBeforeKill = Self.count(db, "SELECT count(*) FROM pages")
        #expect(doneBeforeKill < 400, "killed mid-crawl")
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state = 'in_progress'") > 0)

        let resumed = try await CLIRunner.run(crawlArguments, timeout: 60)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Self.count(db, "SELECT count(*) FROM jobs") == 400)
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state <> 'done'") == 0)
        #expect(Self.count(db, "SELECT count(*) FROM pages") == 400)
        #expect(Self.count(db, "SELECT count(DISTINCT title) FROM pages WHERE status = 200") == 400)
        // The killed run had dropped the index of links by target; the run that finished built it.
        #expect(Self.count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'page_links_by_target'") == 1)
        // Fetched twice: only what was in flight (8 workers) when it was killed, and at most 1% more: a
        // finished page is committed within one commit's time (group commit), not batched for half a second.
        let requests = server.requestLog.filter { $0.path.hasPrefix("/p") }
        let refetched = requests.count - Set(requests.map(\.path)).count
        let inFlight = 8
        let allowed = inFlight + Int((Double(400) * 0.01).rounded(.up))
        // Server-side: requests that arrived within one answer delay before the kill (each is answered after it).
        let inFlightAtKill = requests.filter { $0.arrivalTime > killedAt - Self.answerDelay && $0.arrivalTime <= killedAt }.count
        print("kill -9 measurement: \(refetched) pages fetched twice; \(inFlightAtKill) requests in flight at the kill "
              + "(server-side); \(doneBeforeKill) pages stored before it")
        // The bound is a normal build's claim. Under a sanitizer the writer's Swift code runs several times
        // slower while curl (not instrumented) fetches at full speed, so finished results queue up before
        // their commit (28 and 72 re-fetched under AddressSanitizer on a loaded machine): what is measured
        // there is the sanitizer. Every page done exactly once (above) holds under both.
        #expect(requests.count >= 400)
        #expect(Sanitizer.current != nil || refetched <= allowed,
                "\(refetched) pages fetched twice, more than \(inFlight) in flight + 1% (\(doneBeforeKill) pages stored at the kill, \(Int(Double(doneBeforeKill) / crawlSeconds)) pages/s)")
    }

    @Test("SIGINT stops promptly, leaves no job in progress, and exits 130; the next run finishes")
    func interruptLeavesNothingInProgress() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.41", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let arguments = ["crawl", "--db", db, "--workers", "8", "--max-depth", "unlimited"]
        let (process, _, errorPipe) = try CLIRunner.start(arguments)
        let errors = CLIRunner.ReadAll(errorPipe)
        #expect(try await eventually(timeout: 20) { Self.count(db, "SELECT count(*) FROM pages") >= 30 })
        let signalled = Date()
        process.interrupt()
        let ended = try await eventually(timeout: 10) { !process.isRunning }
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(ended && Date().timeIntervalSince(signalled) < 5, "stops promptly")
        #expect(process.terminationStatus == 130)
        let stderr = await errors.textWhenClosed()
        #expect(stderr.contains("crawl ended (interrupted)"))
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state = 'in_progress'") == 0)
        #expect(Self.count(db, "SELECT count(*) FROM crawlers") == 0)

        let resumed = try await CLIRunner.run(arguments, timeout: 60)
        #expect(resumed.status == 0)
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state <> 'done'") == 0)
    }
}
