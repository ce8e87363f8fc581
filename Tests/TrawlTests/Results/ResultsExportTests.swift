import Foundation
import LoopbackServer
import Testing
@testable import TrawlStore

@Suite("Results: trawl export", .serialized)
struct ResultsExportTests {
    static let columns = ["job_id", "url", "state", "depth", "parent_id", "attempts", "status", "final_url", "title",
                          "content_type", "bytes", "elapsed_ms", "fetched_at", "error"]
    static let expectedSQL = """
        SELECT p.job_id, p.url, j.state, j.depth, j.parent_id, j.attempts, p.status, p.final_url, p.title,
               p.content_type, p.bytes, p.elapsed_ms, p.fetched_at, p.error
        FROM pages p JOIN jobs j ON j.id = p.job_id ORDER BY p.job_id
        """

    /// A crawled database whose titles hold everything CSV and JSON must escape: quotes, commas, line breaks
    /// (CRLF too), tabs and other control characters, U+2028, non-ASCII text, and bytes that are not UTF-8.
    static func crawledDatabase(_ directory: TemporaryDirectory, server: LoopbackHTTPServer) async throws -> String {
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/")]).status == 0)
        #expect(try await CLIRunner.run(["crawl", "--db", db, "--retries", "0", "--quiet"]).status == 0)
        try await Results.sqlite3(db, """
            UPDATE pages SET title = 'line 1' || char(10) || 'line 2' || char(13) || char(10) || 'line 3, "q", end'
            WHERE url LIKE '%/c';
            UPDATE pages SET title = 'tab' || char(9) || 'bell' || char(7) || 'unit' || char(31) || 'sep' || char(8232)
            WHERE url LIKE '%/missing';
            UPDATE pages SET title = CAST(x'41FF42C3' AS TEXT) WHERE url LIKE '%/b';
            """)
        return db
    }

    static func site() -> @Sendable (ServerRequest) -> ServerResponse {
        Routes.site([
            "/": .html("<title>Home, &quot;sweet&quot; home</title>"
                + ["/a", "/b", "/c", "/missing", "/err", "http://other.test/x"]
                    .map { "<a href='\($0)'>x</a>" }.joined()),
            "/a": .html("<title>Ünïcødé — 日本語 🚀</title><a href='/'>home</a>"),
            "/b": .html("<p>no title</p>"),
            "/c": .html("<title>C</title><a href='/a'>a</a><a href='/b'>b</a>"),
            "/err": .text("boom", status: 500),
        ])
    }

    /// The expected rows, read in-process (SQLite text that is not UTF-8 reads as U+FFFD, as in the export).
    static func expectedRows(_ db: String) throws -> [[String?]] {
        try SQLiteCrawlStore(path: db).query(expectedSQL)
    }

    static func expectedLinks(_ db: String, jobID: String) throws -> [String] {
        try SQLiteCrawlStore(path: db).query("SELECT url FROM links WHERE job_id = \(jobID) ORDER BY url")
            .map { $0[0]! }
    }

    @Test("CSV round trip: RFC 4180 quoting of commas, quotes and line breaks; every field as stored")
    func csvRoundTrip() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.92", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try await Self.crawledDatabase(directory, server: server)
        let expected = try Self.expectedRows(db)
        #expect(expected.count == 6)

        let result = try await CLIRunner.run(["export", "--db", db, "--format", "csv", "--links"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("\r\n"))
        let records = try CSVReader.records(result.stdout)
        #expect(records.first == Self.columns + ["links"])
        #expect(records.count == expected.count + 1)
        for (record, row) in zip(records.dropFirst(), expected) {
            #expect(Array(record.prefix(14)) == row.map { $0 ?? "" })
            let links = record.last!.isEmpty ? [] : record.last!.split(separator: " ").map(String.init)
            let stored = try Self.expectedLinks(db, jobID: row[0]!)
            #expect(links == stored)
        }
        let titles = records.dropFirst().map { $0[8] }
        #expect(titles.contains("Home, \"sweet\" home"))
        #expect(titles.contains("line 1\nline 2\r\nline 3, \"q\", end"))
        #expect(titles.contains("A\u{FFFD}B\u{FFFD}"))
        #expect(titles.contains("Ünïcødé — 日本語 🚀"))
        #expect(records.dropFirst().contains { $0[1] == server.url("/") && $0.last!.contains("http://other.test/x") })

        let failedExport = try await CLIRunner.run(["export", "--db", db, "--format", "csv", "--state", "failed"])
        let failed = try CSVReader.records(failedExport.stdout)
        #expect(failed.count == 2 && failed[1][1] == server.url("/err") && failed[1][13] == "HTTP 500")
        #expect(failed[0] == Self.columns, "no links column without --links")
    }

    @Test("JSON lines round trip: valid UTF-8, control characters escaped, nulls as null, links as arrays")
    func jsonRoundTrip() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.92", handler: Self.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try await Self.crawledDatabase(directory, server: server)
        let expected = try Self.expectedRows(db)

        let file = directory.file("pages.jsonl")
        let result = try await CLIRunner.run(["export", "--db", db, "--links", "--output", file])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let text = try #require(String(data: data, encoding: .utf8), "the output is valid UTF-8")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(text.hasSuffix("\n") && lines.count == expected.count)
        for (line, row) in zip(lines, expected) {
            #expect(line.hasPrefix("{\"job_id\":"))
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 }, "control characters are escaped: \(line)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let values: [String?] = Self.columns.map { key in
                switch object[key] {
                case let number as NSNumber: number.stringValue
                case let string as String: string
                default: nil
                }
            }
            #expect(values == row)
            let stored = try Self.expectedLinks(db, jobID: row[0]!)
            #expect(object["links"] as? [String] == stored)
        }
        #expect(text.contains(#""title":"tab\tbell\u0007unit\u001fsep\u2028""#))
        #expect(text.contains(#""title":"line 1\nline 2\r\nline 3, \"q\", end""#))

        // The same export on standard output, and selections by state.
        let stdout = try await CLIRunner.run(["export", "--db", db, "--links"])
        #expect(stdout.stdout == text)
        let done = try await CLIRunner.run(["export", "--db", db, "--state", "done"]).stdout.split(separator: "\n")
        #expect(done.count == 5 && done.allSatisfy { $0.contains(#""state":"done""#) && !$0.contains(#""links""#) })
        let failed = try await CLIRunner.run(["export", "--db", db, "--state", "failed"]).stdout.split(separator: "\n")
        #expect(failed.count == 1 && failed[0].contains(#""error":"HTTP 500""#) && failed[0].contains(#""title":null"#))
    }

    @Test("an output file that cannot be written is exit 74 with a message naming it")
    func unwritableOutput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "http://a.test/"]).status == 0)
        let target = directory.file("no/such/dir/out.csv")
        let result = try await CLIRunner.run(["export", "--db", db, "--output", target])
        #expect(result.status == 74)
        #expect(result.stderr.contains("cannot write \(target)"), "\(result.stderr)")
    }

    @Test("pages are read in batches: all of them, in order, once; many links make smaller batches")
    func batches() async throws {
        let test = try TestStore()
        defer { test.remove() }
        // Five pages; pages 2 and 3 have 15,000 links each.
        try await Results.sqlite3(test.path, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
            INSERT INTO jobs (id, url, host, depth, state) SELECT i, 'http://a.test/' || i, 'a.test', 0, 'done' FROM n;
            INSERT INTO pages (job_id, url, status, fetched_at)
            SELECT id, url, 200, '2026-01-01T00:00:00.000Z' FROM jobs;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15000)
            INSERT INTO links (job_id, url) SELECT p, 'http://b.test/' || i FROM n, (SELECT 2 AS p UNION SELECT 3);
            """)
        let first = try await test.store.exportBatch(.all, links: true, after: 0, limit: 100)
        #expect(first.map(\.jobID) == [1, 2, 3], "the batch stops once it holds 20,000 links")
        #expect(first[1].links?.count == 15_000 && first[0].links == [])
        let small = try await test.store.exportBatch(.all, links: false, after: 1, limit: 2)
        #expect(small.map(\.jobID) == [2, 3] && small.allSatisfy { $0.links == nil })

        var seen: [Int64] = []
        var links = 0
        for try await page in ExportedPages(store: test.store, selection: .done, links: true, batchSize: 2) {
            seen.append(page.jobID)
            links += page.links?.count ?? 0
        }
        #expect(seen == [1, 2, 3, 4, 5] && links == 30_000)
        var none = 0
        for try await _ in ExportedPages(store: test.store, selection: .failed, links: false) { none += 1 }
        #expect(none == 0)
    }
}
