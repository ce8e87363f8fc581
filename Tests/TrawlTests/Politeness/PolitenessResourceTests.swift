import Foundation
import LoopbackServer
import Testing
@testable import TrawlCrawl

@Suite("Politeness: resources stay bounded", .serialized)
struct PolitenessResourceTests {
    @Test("a page with 100,000 links: bounded time, distinct links capped per page, the cut recorded")
    func hugeLinkCount() async throws {
        let links = (0..<100_000).map { "<a href='/l\($0)'>\($0)</a>" }.joined(separator: "\n")
        let server = try LoopbackHTTPServer(address: "127.0.0.90", handler: Routes.site([
            "/": .html("<title>many</title>\(links)"),
            "/deep": .html(String(repeating: "<div>", count: 50_000) + "<title>deep</title><a href='/x'>x</a>"),
        ]))
        defer { server.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([server.url("/"), server.url("/deep")])
        // A cap of 10,000 (the default is 50,000) keeps this test's CPU from crowding the timing tests that run
        // beside it in a debug build; what the cap does does not depend on its size.
        _ = try await harness.crawl(CrawlHarness.options { $0.follow = .none; $0.maxLinksPerPage = 10_000 })
        #expect(try harness.links(of: server.url("/")).count == 10_000)
        #expect(try harness.test.rows("""
            SELECT m.links_truncated FROM page_meta m JOIN jobs j ON j.id = m.job_id WHERE j.url = '\(server.url("/"))'
            """) == [["1"]])
        #expect(try harness.row(server.url("/"))?.title == "many")
        #expect(try harness.row(server.url("/deep"))?.state == "done")
    }

    @Test("open file descriptors of a crawl stay within --limit plus a small constant")
    func fileDescriptorsBounded() async throws {
        let slow = ServerResponse.html("<title>slow</title>").delivered(.delay(0.05))
        let servers = try (0..<6).map { try LoopbackHTTPServer(address: "127.0.0.\(91 + $0)", handler: Routes.site([:], notFound: slow)) }
        defer { servers.forEach { $0.stop() } }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let urls = servers.flatMap { server in (0..<25).map { server.url("/p\($0)") } }
        #expect(try await CLIRunner.run(["enqueue", "--db", db] + urls).status == 0)
        let (process, _, _) = try CLIRunner.start(["crawl", "--db", db, "--workers", "32", "--limit", "4", "--ignore-robots"])
        var peak = 0
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline {
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
            peak = max(peak, open)
            try await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(peak > 0)
        #expect(peak <= 4 + 16, "peak \(peak) descriptors with --limit 4")
        #expect(servers.map(\.maxConcurrentConnections).reduce(0, +) <= 4 * 6)
        #expect(CLIResumeTests.count(db, "SELECT count(*) FROM pages WHERE status = 200") == 150)
    }
}
