import Foundation
import LoopbackServer
import Testing

@Suite("Results: trawl retry", .serialized)
struct ResultsRetryTests {
    /// "/" links to two pages that answer 500 until `healthy` is on, and to a missing page (404).
    static func site(healthy: Switch) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            switch request.pathWithoutQuery {
            case "/": .html("<title>Home</title><a href='/bad1'>1</a><a href='/bad2'>2</a><a href='/gone'>g</a>")
            case "/bad1", "/bad2":
                healthy.isOn ? .html("<title>Fixed</title><a href='/'>home</a>") : .text("down", status: 500)
            default: .notFound
            }
        }
    }

    static func rows(_ db: String, _ sql: String) throws -> [String] { try CLIQuery.rows(db, sql) }

    @Test("retry queues failed jobs again (pages and links deleted, last error kept); the next crawl fetches them")
    func retryThenCrawlAgain() async throws {
        let healthy = Switch(false)
        let server = try LoopbackHTTPServer(address: "127.0.0.93", handler: Self.site(healthy: healthy))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let crawl = ["crawl", "--db", db, "--retries", "0", "--quiet"]
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(try Self.rows(db, "SELECT state, count(*) FROM jobs GROUP BY state ORDER BY state")
                == ["done|2", "failed|2"])
        #expect(server.requestCount(path: "/bad1") == 1 && server.requestCount(path: "/gone") == 1)

        // Nothing matches: nothing changes.
        let none = try await CLIRunner.run(["retry", "--db", db, "--host", "elsewhere.test"])
        #expect(none.status == 0 && none.stdout == "queued again: 0 jobs\n")

        let retry = try await CLIRunner.run(["retry", "--db", db, "--error", "http 500"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout == "queued again: 2 jobs\n")
        let bad = "jobs.url LIKE '%/bad_'"
        #expect(try Self.rows(db, "SELECT state, attempts, not_before, last_error FROM jobs WHERE \(bad)")
                == ["queued|0|0.0|HTTP 500", "queued|0|0.0|HTTP 500"])
        #expect(try Self.rows(db, "SELECT count(*) FROM pages JOIN jobs ON id = job_id WHERE \(bad)") == ["0"])
        #expect(try Self.rows(db, "SELECT queued, done, failed FROM hosts") == ["2|2|0"], "host counters follow")

        healthy.isOn = true
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(server.requestCount(path: "/bad1") == 2 && server.requestCount(path: "/bad2") == 2)
        #expect(server.requestCount(path: "/gone") == 1 && server.requestCount(path: "/") == 1,
                "the others are not fetched again")
        let refetched = try Self.rows(
            db, "SELECT state, attempts, status, title FROM jobs JOIN pages ON job_id = id WHERE \(bad)")
        #expect(refetched == ["done|1|200|Fixed", "done|1|200|Fixed"])
        #expect(try Self.rows(db, "SELECT count(*) FROM links JOIN jobs ON id = job_id WHERE \(bad)") == ["2"],
                "the links of the new fetch are stored")
    }

    @Test("retry --status 404 alone gets the 404 pages though they are done (a status filter ignores the default state)")
    func retryByStatusWhateverTheState() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.93", handler: Self.site(healthy: Switch(false)))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        #expect(try await CLIRunner.run(["crawl", "--db", db, "--retries", "0", "--quiet"]).status == 0)
        let missing = try await CLIRunner.run(["retry", "--db", db, "--status", "404"])
        #expect(missing.stdout == "queued again: 1 job\n", "\(missing.stderr)")
        #expect(try Self.rows(db, "SELECT state FROM jobs WHERE url LIKE '%/gone'") == ["queued"])
        let failed = try await CLIRunner.run(["retry", "--db", db, "--status", "500"])
        #expect(failed.stdout == "queued again: 2 jobs\n", "the failed 500s too")
        let explicit = try await CLIRunner.run(["retry", "--db", db, "--state", "done", "--status", "200"])
        #expect(explicit.stdout == "queued again: 1 job\n", "an explicit --state still narrows")
    }

    @Test("retry --state done --status 404, and --host, select done jobs by status and host")
    func retryDoneByStatusAndHost() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.93", handler: Self.site(healthy: Switch(true)))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let crawl = ["crawl", "--db", db, "--quiet"]
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(try Self.rows(db, "SELECT count(*) FROM jobs WHERE state = 'done'") == ["4"])

        #expect(try await CLIRunner.run(["retry", "--db", db]).stdout == "queued again: 0 jobs\n", "no failed job")
        let missing = try await CLIRunner.run(["retry", "--db", db, "--state", "done", "--status", "404"])
        #expect(missing.stdout == "queued again: 1 job\n")
        #expect(try Self.rows(db, "SELECT state FROM jobs WHERE url LIKE '%/gone'") == ["queued"])
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(server.requestCount(path: "/gone") == 2 && server.requestCount(path: "/bad1") == 1)

        let host = Results.hostKey(server).uppercased()
        let all = try await CLIRunner.run(["retry", "--db", db, "--state", "all", "--host", host])
        #expect(all.stdout == "queued again: 4 jobs\n", "\(all.stderr)")
        #expect(try Self.rows(db, "SELECT count(*) FROM pages") == ["0"])
        #expect(try Self.rows(db, "SELECT count(*) FROM links") == ["0"])
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(server.requestCount(path: "/") == 2 && server.requestCount(path: "/gone") == 3)

        let bad = try await CLIRunner.run(["retry", "--db", db, "--status", "42"])
        #expect(bad.status == 64 && bad.stderr.contains("--status"))
    }
}
