import Foundation
import LoopbackServer
import Testing

/// A crawl at the edges of its ranges: a job of absurd depth, links longer than the maximum URL length,
/// and the largest number of workers, stopped by SIGTERM.
@Suite("CLI: crawl at the limits", .serialized)
struct CLICrawlLimitsTests {
    static func count(_ db: String, _ sql: String) -> Int {
        Int((try? CLIQuery.rows(db, sql).first) ?? "") ?? -1
    }

    @Test("a job stored with depth Int.max (older trawl) is crawled with --max-depth unlimited: no trap")
    func poisonDepth() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.180") { request in
            switch request.pathWithoutQuery {
            case "/": .html("<title>root</title><a href='/child'>child</a>")
            case "/child": .html("<title>child</title>")
            default: .notFound
            }
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        _ = try CLIQuery.rows(db, "UPDATE jobs SET depth = 9223372036854775807")
        let result = try await CLIRunner.run(["crawl", "--db", db, "--max-depth", "unlimited"], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLIQuery.rows(db, "SELECT depth, state FROM jobs ORDER BY id")
                == ["9223372036854775807|done", "9223372036854775807|done"])
    }

    @Test("links longer than the maximum URL length are counted in the summary, not queued; 2083 is queued")
    func linksTooLong() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.181") { request in
            if request.pathWithoutQuery == "/" {
                let base = "http://\(request.header("host") ?? "")"
                let longest = "/" + String(repeating: "m", count: 2083 - base.count - 1)
                let links = ["/ok", longest, "/" + String(repeating: "x", count: 3000),
                             "/q?" + String(repeating: "y", count: 2100)]
                return .html("<title>root</title>" + links.map { "<a href='\($0)'>a</a>" }.joined())
            }
            return .html("<title>leaf</title>")
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        let result = try await CLIRunner.run(["crawl", "--db", db, "--max-depth", "1"], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("links not queued: 2 longer than the maximum URL length (2083 characters)"),
                "\(result.stderr)")
        #expect(Self.count(db, "SELECT count(*) FROM jobs") == 3)
        #expect(Self.count(db, "SELECT max(length(url)) FROM jobs") == 2083)
        #expect(server.requestCount(path: "/ok") == 1)
    }

    @Test("the most workers allowed: memory stays modest, and SIGTERM stops the crawl promptly with 143")
    func maxWorkersStopPromptly() async throws {
        // Every page takes 3 s: the crawl is mid-flight, with thousands of jobs claimed, when stopped.
        let server = try LoopbackHTTPServer(address: "127.0.0.182") { request in
            request.pathWithoutQuery.hasPrefix("/p") ? ServerResponse.html("<title>slow</title>").delivered(.delay(3))
                : .notFound
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let file = directory.file("urls.txt")
        try (0..<5000).map { server.url("/p\($0)") }.joined(separator: "\n").write(toFile: file, atomically: true,
                                                                                  encoding: .utf8)
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "--file", file]).status == 0)

        let (process, _, errorPipe) = try CLIRunner.start(["crawl", "--db", db, "--workers", "4096", "--max-depth", "0"])
        let errors = CLIRunner.ReadAll(errorPipe)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let busy = try await eventually(timeout: 60) { server.requestLog.count >= 50 }
        #expect(busy, "the crawl reached the server")
        let peak = peakResidentBytes(of: process.processIdentifier)
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        let ended = try await exited(process, timeout: 30)
        #expect(ended, "SIGTERM stops a crawl of 4,096 workers")
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(signalled)
        let errorText = await errors.textWhenClosed()
        #expect(process.terminationStatus == 143, "\(errorText.suffix(500))")
        #expect(seconds < 20, "stopped in \(seconds) s")
        #expect(errorText.contains("crawl ended (interrupted)"))
        #expect(Self.count(db, "SELECT count(*) FROM jobs WHERE state = 'in_progress'") == 0)
        let peakBytes = try #require(peak)
        #expect(peakBytes < 1 << 30, "peak RSS \(peakBytes >> 20) MB with 4,096 workers")
        print("4096 workers: peak RSS \(peakBytes >> 20) MB; SIGTERM to exit \(String(format: "%.2f", seconds)) s")
    }
}
