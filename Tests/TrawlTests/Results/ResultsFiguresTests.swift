import Foundation
import LoopbackServer
import Testing
import TrawlSync

/// Every figure trawl prints or stores says what its words say: responses by status class, links left out
/// and why, a share finished that never rounds up, counts that are what they are named, no password kept.
@Suite("Results: figures that mean what they say", .serialized)
struct ResultsFiguresTests {
    static func crawl(_ db: String, _ arguments: [String] = []) async throws -> CLIRunner.Result {
        let result = try await CLIRunner.run(["crawl", "--db", db, "--retries", "0", "--retry-delay", "0"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    @Test("pages robots.txt disallows are blocked_links, not broken_links; summary and status count responses by class")
    func blockedIsNotBroken() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.97", handler: Routes.site([
            "/robots.txt": .text("User-agent: *\nDisallow: /private/\n"),
            "/": .html("<title>Home</title>" + ["/ok", "/missing", "/private/x", "/err"]
                .map { "<a href='\($0)'>x</a>" }.joined()),
            "/ok": .html("<title>OK</title>"),
            "/err": .text("boom", status: 500),
        ]))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        let crawl = try await Self.crawl(db)
        #expect(crawl.stderr.contains("\n  responses: 2xx 2, 4xx 1, 5xx 1, blocked by robots.txt 1\n"), "\(crawl.stderr)")
        #expect(server.requestCount(path: "/private/x") == 0)

        #expect(try CLIQuery.rows(db, "SELECT page_url, link_url, status FROM broken_links ORDER BY link_url")
                == ["\(server.url("/"))|\(server.url("/err"))|500", "\(server.url("/"))|\(server.url("/missing"))|404"])
        #expect(try CLIQuery.rows(db, "SELECT page_url, link_url FROM blocked_links")
                == ["\(server.url("/"))|\(server.url("/private/x"))"])

        let status = try await CLIRunner.run(["status", "--db", db])
        #expect(status.stdout.contains("\nresponses: 2xx 2, 4xx 1, 5xx 1, blocked by robots.txt 1\n"), "\(status.stdout)")
        let json = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(json.stdout.contains(#""responses":{"2xx":2,"3xx":0,"4xx":1,"5xx":1,"no_response":0,"robots_blocked":1}"#),
                "\(json.stdout)")
    }

    @Test("links beyond --max-depth and outside --follow are counted once each, in the summary and in status")
    func linksNotQueued() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.97", handler: Routes.site([
            "/": .html("<a href='/a'>a</a><a href='/b'>b</a><a href='http://127.0.0.98:1/ext'>out</a>"),
            "/a": .html("<a href='/c'>c</a><a href='/d'>d</a><a href='/'>home</a><a href='/b'>b</a>"),
            "/b": .html("<a href='/c'>c</a><a href='/e'>e</a>"),
        ]))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        let crawl = try await Self.crawl(db, ["--max-depth", "1"])
        // /c, /d and /e (once, though two pages link /c); / and /b are jobs already; the other host's link.
        #expect(crawl.stderr.contains("\n  links not queued: 3 beyond --max-depth, 1 outside the --follow scope"),
                "\(crawl.stderr)")
        #expect(crawl.stderr.contains("crawl ended (queue empty): 3 pages in "), "\(crawl.stderr)")
        #expect(crawl.stderr.contains(", 2 new jobs discovered, "), "\(crawl.stderr)")
        #expect(try CLIQuery.rows(db, "SELECT reason, links FROM links_not_queued ORDER BY reason")
                == ["follow_scope|1", "max_depth|3"])

        let status = try await CLIRunner.run(["status", "--db", db])
        #expect(status.stdout.contains("(100.0% finished; 3 links beyond --max-depth not queued)"), "\(status.stdout)")
        #expect(status.stdout.contains("links not queued (all runs): 3 beyond --max-depth, 1 outside the --follow scope"))
        let json = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(json.stdout.contains(#""links_not_queued":{"max_depth":3,"follow_scope":1}"#), "\(json.stdout)")
    }

    @Test("the share finished rounds down: 2 jobs left of 10,000 is 99.9%, never 100.0%")
    func percentNeverRoundsUp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "http://a.test/"]).status == 0)
        try await Results.sqlite3(db, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
            INSERT INTO jobs (url, host, depth, state)
            SELECT 'http://a.test/' || i, 'a.test', 1, CASE WHEN i = 1 THEN 'queued' ELSE 'done' END FROM n;
            INSERT INTO pages (job_id, url, status, fetched_at)
            SELECT id, url, 200, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM jobs WHERE url = 'http://a.test/2';
            """)
        let status = try await CLIRunner.run(["status", "--db", db])
        #expect(status.stdout.contains("(99.9% finished)"), "\(status.stdout)")
        #expect(status.stdout.contains("throughput: 1 page in the last minute"), "\(status.stdout)")
        #expect(try CLIQuery.rows(db, "SELECT percent_finished FROM crawl_progress") == ["99.9"])
        try await Results.sqlite3(db, "UPDATE jobs SET state = 'done';")
        #expect(try await CLIRunner.run(["status", "--db", db]).stdout.contains("(100.0% finished)"))
        #expect(try CLIQuery.rows(db, "SELECT percent_finished FROM crawl_progress") == ["100.0"])
    }

    @Test("the summary counts requests retried, not 'retries queued', and says '1 page'")
    func summaryWords() async throws {
        let calls = ThreadLock(0)
        let server = try LoopbackHTTPServer(address: "127.0.0.97") { request in
            guard request.path == "/" else { return .notFound }
            let call = calls.withLock { $0 += 1; return $0 }
            return call == 1 ? .text("busy", status: 503) : .html("<title>Back</title>")
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        let crawl = try await CLIRunner.run(["crawl", "--db", db, "--retries", "2", "--retry-delay", "0",
                                             "--ignore-robots"])
        #expect(crawl.status == 0)
        #expect(crawl.stderr.contains("crawl ended (queue empty): 1 page in "), "\(crawl.stderr)")
        #expect(crawl.stderr.contains("1 done, 0 failed, 1 request retried after a failure, 0 new jobs discovered"))
        #expect(crawl.stderr.contains("; 0 jobs left in the queue"))
        #expect(!crawl.stderr.contains("retries queued"))
        #expect(server.requestCount(path: "/") == 2)
    }

    @Test("a password in a seed or a link never reaches the database, an export or the terminal")
    func noPasswordStored() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.97", handler: Routes.site([:]))
        defer { server.stop() }
        let host = "\(server.address):\(server.port)"
        // A redirect whose Location carries a password: curl follows it; trawl must not store or print it.
        let siteURL = ThreadLock("")
        let site = try LoopbackHTTPServer(address: "127.0.0.99") { request in
            let base = siteURL.withLock { $0 }
            switch request.path {
            case "/":
                return .html("<a href='http://carol:hunter2@127.0.0.99:\(server.port)/x'>x</a><a href='/go'>go</a>")
            case "/go": return .redirect(to: base.replacingOccurrences(of: "http://", with: "http://eve:topsecret@")
                                         + "secret")
            case "/secret": return .html("<title>S</title>")
            default: return .notFound
            }
        }
        defer { site.stop() }
        siteURL.withLock { $0 = site.url("/") }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")

        let refused = try await CLIRunner.run(["enqueue", "--db", db, "http://alice:s3cret@\(host)/"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("user name or password") && refused.stderr.contains("http://***@\(host)/"),
                "\(refused.stderr)")
        #expect(!refused.stderr.contains("s3cret") && !refused.stdout.contains("s3cret"))

        #expect(try await CLIRunner.run(["enqueue", "--db", db, site.url("/")]).status == 0)
        let crawl = try await CLIRunner.run(["crawl", "--db", db, "--verbose", "--retries", "0"])
        #expect(crawl.status == 0)
        #expect(!crawl.stderr.contains("hunter2") && !crawl.stderr.contains("topsecret"), "\(crawl.stderr)")
        // The connector removes the userinfo curl keeps in a followed redirect's URL (URLWithoutUserinfo).
        #expect(crawl.stderr.contains("(redirected to http://127.0.0.99:"), "\(crawl.stderr)")
        #expect(try CLIQuery.rows(db, "SELECT final_url FROM pages WHERE url LIKE '%/go'") == [site.url("/secret")])
        let export = try await CLIRunner.run(["export", "--db", db, "--links"])
        #expect(export.status == 0 && export.stdout.contains("127.0.0.99"), "\(export.stderr)")
        #expect(!export.stdout.contains("hunter2") && !export.stdout.contains("carol"))
        #expect(try CLIQuery.rows(db, "SELECT count(*) FROM links WHERE url LIKE '%@%'") == ["0"])

        for name in try FileManager.default.contentsOfDirectory(atPath: directory.file("")) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.file(name)))
            for secret in ["hunter2", "s3cret", "topsecret"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(name)")
            }
        }
    }
}
