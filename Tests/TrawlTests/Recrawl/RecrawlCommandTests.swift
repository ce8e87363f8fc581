import Foundation
import LoopbackServer
import Testing

/// `trawl recrawl --older-than`: which finished jobs go back in the queue (by age, host, pattern, state), and
/// that their pages stay; `--recrawl-interval` re-fetches a page within one run.
@Suite("Recrawl: trawl recrawl and --recrawl-interval", .serialized)
struct RecrawlCommandTests {
    /// Rows of `sql` as "a|b" lines.
    static func rows(_ database: ContractStore, _ sql: String) -> [String] {
        ((try? database.rows(sql)) ?? []).map { $0.map { $0 ?? "" }.joined(separator: "|") }
    }

    /// The text time (as `jobs.updated_at`) `modifier` from now ("-10 days"), in the database's dialect.
    static func time(_ database: ContractStore, _ modifier: String) -> String {
        switch database.kind {
        case .sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '\(modifier)')"
        case .postgres:
            "to_char((now() + interval '\(modifier)') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        }
    }

    @Test("recrawl selects finished jobs by age, host and pattern, done only unless --failed; pages stay",
          arguments: StoreKind.allCases)
    func selection(kind: StoreKind) async throws {
        let site: @Sendable (ServerRequest) -> ServerResponse = { request in
            switch request.pathWithoutQuery {
            case "/": .html("<title>Home</title><a href='/news/1'>1</a><a href='/news/2'>2</a><a href='/about'>a</a><a href='/bad'>b</a>")
            case "/bad": .text("down", status: 500)
            default: .html("<title>\(request.path)</title>")
            }
        }
        let one = try LoopbackHTTPServer(address: "127.0.0.134", handler: site)
        defer { one.stop() }
        let two = try LoopbackHTTPServer(address: "127.0.0.135", handler: site)
        defer { two.stop() }
        let database = try await ContractStore.make(kind)
        defer { database.remove() }
        let db = database.location
        #expect(try await CLIRunner.run(["enqueue", "--db", db, one.url("/"), two.url("/")]).status == 0)
        let crawl = ["crawl", "--db", db, "--retries", "0", "--quiet", "--ignore-robots"]
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(Self.rows(database, "SELECT state, count(*) FROM jobs GROUP BY state ORDER BY 1") == ["done|8", "failed|2"])
        // Ages: host one's pages finished 10 days ago, host two's 2 hours ago, two's /about just now.
        _ = Self.rows(database, "UPDATE jobs SET updated_at = \(Self.time(database, "-10 days")) WHERE host = '\(one.address):\(one.port)'")
        _ = Self.rows(database, "UPDATE jobs SET updated_at = \(Self.time(database, "-2 hours")) WHERE host = '\(two.address):\(two.port)'")
        _ = Self.rows(database, "UPDATE jobs SET updated_at = \(Self.time(database, "0 seconds")) WHERE url = '\(two.url("/about"))'")
        let hostOne = "\(one.address):\(one.port)"

        let dry = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "1d", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.hasPrefix("would queue again: 4 jobs\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("done  \(one.url("/news/1"))"))
        #expect(Self.rows(database, "SELECT count(*) FROM jobs WHERE state = 'queued'") == ["0"])

        let matched = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "1h", "--match", "/news/"])
        #expect(matched.stdout == "queued again: 4 jobs\n")
        #expect(Self.rows(database, "SELECT url FROM jobs WHERE state = 'queued' ORDER BY url")
                == [one.url("/news/1"), one.url("/news/2"), two.url("/news/1"), two.url("/news/2")].sorted())
        // Their pages stay, for a conditional re-fetch.
        #expect(Self.rows(database, "SELECT count(*) FROM pages p JOIN jobs j ON j.id = p.job_id WHERE j.state = 'queued'") == ["4"])

        let byHost = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "1h", "--host", hostOne, "--failed"])
        #expect(byHost.stdout == "queued again: 3 jobs\n")  // one's / and /about (done), /bad (failed)
        let notYet = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "3h", "--failed"])
        #expect(notYet.stdout == "queued again: 0 jobs\n")
        #expect(Self.rows(database, "SELECT url FROM jobs WHERE state <> 'queued' ORDER BY url")
                == [two.url("/"), two.url("/about"), two.url("/bad")].sorted())
        #expect(Self.rows(database, "SELECT sum(queued) FROM hosts") == ["7"])

        // Crawling again fetches exactly the queued ones, and adds one fetches row each.
        #expect(try await CLIRunner.run(crawl).status == 0)
        #expect(Self.rows(database, "SELECT count(*) FROM fetches") == ["17"])
        #expect(one.requestCount(path: "/news/1") == 2 && two.requestCount(path: "/about") == 1)

        // A job queued again still has its page: trawl remove drops both; its fetches rows stay as history.
        let about = two.url("/about")
        _ = Self.rows(database, "UPDATE jobs SET updated_at = '2026-01-01T00:00:00.000Z' WHERE url = '\(about)'")
        #expect(try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "1d", "--match", "/about$",
                                         "--host", two.address + ":\(two.port)"]).stdout == "queued again: 1 job\n")
        #expect(try await CLIRunner.run(["remove", "--db", db, "--match", "/about$"]).stdout == "removed: 1 queued job\n")
        #expect(Self.rows(database, "SELECT count(*) FROM pages WHERE url = '\(about)'") == ["0"])
        #expect(Self.rows(database, "SELECT count(*) FROM fetches") == ["17"])
        #expect(Self.rows(database, "SELECT count(*) FROM fetch_history") == ["16"])

        let bad = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "soon"])
        #expect(bad.status == 64 && bad.stderr.contains("--older-than 'soon' is not a duration"), "\(bad.stderr)")
        let badMatch = try await CLIRunner.run(["recrawl", "--db", db, "--older-than", "1d", "--match", "(x"])
        #expect(badMatch.status == 64)
    }

    @Test("--recrawl-interval re-fetches a page after the interval within one --time-limit run; saved",
          arguments: StoreKind.allCases)
    func interval(kind: StoreKind) async throws {
        let site = ConditionalSite(["/": "<title>Fresh</title>"], validators: .etag)
        let server = try LoopbackHTTPServer(address: "127.0.0.136", handler: site.handler)
        defer { server.stop() }
        let database = try await ContractStore.make(kind)
        defer { database.remove() }
        let db = database.location
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        let interval = 1.0
        let timeLimit = 6.0
        let run = try await CLIRunner.run(["crawl", "--db", db, "--quiet", "--ignore-robots",
                                           "--recrawl-interval", "1s", "--time-limit", "6s"])
        #expect(run.status == 0, "\(run.stderr)")
        // Without the interval the run would end after one fetch; with it the page is fetched again, each
        // time at least an interval after the last, conditionally, and the run ends at its time limit.
        let requests = site.requests("/")
        #expect(requests >= 2)
        #expect(requests <= Int(timeLimit / interval) + 1)
        #expect(site.conditionalRequests("/") == requests - 1 && site.notModifiedResponses("/") == requests - 1)
        #expect(Self.rows(database, "SELECT count(*) FROM fetches") == [String(requests)])
        #expect(Self.rows(database, "SELECT ending FROM crawl_runs") == ["--time-limit reached"])
        #expect(Self.rows(database, "SELECT value FROM crawl_settings WHERE name = 'recrawl-interval'") == ["1"])
        let bad = try await CLIRunner.run(["crawl", "--db", db, "--recrawl-interval", "0.5s"])
        #expect(bad.status == 64 && bad.stderr.contains("--recrawl-interval"), "\(bad.stderr)")
    }
}
