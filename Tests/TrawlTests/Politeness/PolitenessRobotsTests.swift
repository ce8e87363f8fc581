import LoopbackServer
import Testing
@testable import TrawlCrawl

@Suite("Politeness: robots.txt")
struct PolitenessRobotsTests {
    static func site(robots: ServerResponse) -> [String: ServerResponse] {
        [
            "/robots.txt": robots,
            "/": .html("<title>Home</title><a href='/public'>p</a><a href='/private/secret'>s</a><a href='/private/x.html'>x</a>"),
            "/public": .html("<title>Public</title>"),
            "/private/secret": .html("<title>Secret</title>"),
            "/private/x.html": .html("<title>X</title>"),
        ]
    }

    @Test("disallowed pages are never fetched and fail with 'robots.txt'; robots.txt is fetched once and cached", arguments: StoreKind.allCases)
    func disallowedNeverFetched(kind: StoreKind) async throws {
        let robots = ServerResponse.text("User-agent: *\nDisallow: /private/\nAllow: /private/x.html\n")
        let server = try LoopbackHTTPServer(address: "127.0.0.70", handler: Routes.site(Self.site(robots: robots)))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options { $0.ignoreRobots = false })
        let secret = try #require(try harness.row(server.url("/private/secret")))
        #expect(secret.state == "failed" && secret.error == "robots.txt" && secret.attempts == 0 && secret.status == nil)
        #expect(server.requestCount(path: "/private/secret") == 0, "the server log shows no disallowed fetch")
        #expect(try harness.row(server.url("/private/x.html"))?.title == "X", "longest match: Allow wins")
        #expect(try harness.row(server.url("/public"))?.state == "done")
        #expect(server.requestCount(path: "/robots.txt") == 1)
        #expect(server.requestLog.first?.path == "/robots.txt", "robots.txt before the host's first page")
        #expect(try harness.test.int("SELECT count(*) FROM robots WHERE status = 200") == 1)

        // A later run (a resume) uses the cached copy.
        try await harness.enqueue([server.url("/public?again")])
        _ = try await harness.crawl(CrawlHarness.options { $0.ignoreRobots = false })
        #expect(server.requestCount(path: "/robots.txt") == 1)
        #expect(server.requestCount(path: "/public?again") == 1)
    }

    @Test("robots.txt answering 503 disallows the host: its jobs fail naming robots.txt, no page is fetched", arguments: StoreKind.allCases)
    func unavailableRobotsDisallows(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(
            address: "127.0.0.71", handler: Routes.site(Self.site(robots: .text("down", status: 503))))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/"), server.url("/public")])
        _ = try await harness.crawl(CrawlHarness.options { $0.retries = 2; $0.ignoreRobots = false })
        for path in ["/", "/public"] {
            let row = try #require(try harness.row(server.url(path)))
            #expect(row.state == "failed" && row.error?.contains("robots.txt") == true, "\(row)")
            #expect(row.attempts == 0)
        }
        #expect(server.requestLog.allSatisfy { $0.path == "/robots.txt" })
        #expect(server.requestCount(path: "/robots.txt") == 3, "retried, then given up for this run")
        #expect(try harness.test.int("SELECT count(*) FROM robots") == 0, "an unavailable robots.txt is not cached")
    }

    @Test("robots.txt 404 allows everything; --ignore-robots never asks; the User-Agent is sent exactly on every request", arguments: StoreKind.allCases)
    func missingRobotsAndIgnore(kind: StoreKind) async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.72", handler: Routes.site(Self.site(robots: .notFound)))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options {
            $0.connector.userAgent = "ExampleBot/2.0 (+mailto:ops@example.org)"
            $0.ignoreRobots = false
        })
        #expect(try harness.row(server.url("/private/secret"))?.title == "Secret")
        #expect(server.requestLog.allSatisfy { $0.headers["user-agent"] == "ExampleBot/2.0 (+mailto:ops@example.org)" })
        #expect(server.requestCount(path: "/robots.txt") == 1)

        let blocking = try LoopbackHTTPServer(
            address: "127.0.0.73", handler: Routes.site(Self.site(robots: .text("User-agent: *\nDisallow: /\n"))))
        defer { blocking.stop() }
        let ignoring = try await CrawlHarness.make(kind)
        defer { ignoring.remove() }
        try await ignoring.enqueue([blocking.url("/")])
        _ = try await ignoring.crawl(CrawlHarness.options { $0.ignoreRobots = true })
        #expect(blocking.requestCount(path: "/robots.txt") == 0)
        #expect(try ignoring.row(blocking.url("/private/secret"))?.state == "done")
    }

    @Test("a group for our product token beats '*'", arguments: StoreKind.allCases)
    func productTokenGroup(kind: StoreKind) async throws {
        let robots = ServerResponse.text("User-agent: *\nDisallow: /\n\nUser-agent: trawl\nDisallow: /private/\n")
        let server = try LoopbackHTTPServer(address: "127.0.0.74", handler: Routes.site(Self.site(robots: robots)))
        defer { server.stop() }
        let harness = try await CrawlHarness.make(kind)
        defer { harness.remove() }
        try await harness.enqueue([server.url("/")])
        _ = try await harness.crawl(CrawlHarness.options { $0.ignoreRobots = false })
        #expect(try harness.row(server.url("/public"))?.state == "done")
        #expect(try harness.row(server.url("/private/secret"))?.error == "robots.txt")
    }
}
