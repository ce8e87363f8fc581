import LoopbackServer
@testable import TrawlCrawl
@testable import TrawlStore
import TrawlURLs

/// Runs crawls of loopback sites against a temporary database.
struct CrawlHarness {
    let test: ContractStore

    /// On a SQLite file.
    init() throws { test = try ContractStore.sqlite() }
    private init(test: ContractStore) { self.test = test }

    /// On a database of `kind`: the crawl tests that hold both stores to one contract.
    static func make(_ kind: StoreKind) async throws -> CrawlHarness { CrawlHarness(test: try await ContractStore.make(kind)) }
    func remove() { test.remove() }

    /// Crawl options suited to tests: quick retries, short timeouts, unlimited depth; robots.txt off
    /// (the politeness tests turn it on) and private addresses allowed (every test host is on loopback).
    static func options(_ change: (inout CrawlOptions) -> Void = { _ in }) -> CrawlOptions {
        var options = CrawlOptions()
        options.ignoreRobots = true
        options.allowPrivate = true
        options.workers = 8
        options.retryDelay = 0.02
        options.maxRetryDelay = 0.1
        options.maxDepth = nil
        options.connector.timeout = 5
        change(&options)
        return options
    }

    func enqueue(_ urls: [String]) async throws {
        let jobs = try urls.map { text in
            let url = try NormalizedURL(parsing: text)
            return NewJob(url: url.string, host: url.hostKey, depth: 0)
        }
        _ = try await test.store.enqueue(jobs)
    }

    func crawl(_ options: CrawlOptions = CrawlHarness.options()) async throws -> CrawlSummary {
        try await Crawler(store: test.store, options: options).run()
    }

    /// state, attempts, status, error, title, final_url of the job for `url`.
    func row(_ url: String) throws -> JobRow? {
        try test.rows("""
            SELECT j.state, j.attempts, p.status, p.error, p.title, p.final_url, j.depth
            FROM jobs j LEFT JOIN pages p ON p.job_id = j.id WHERE j.url = '\(url)'
            """).first.map { JobRow(columns: $0) }
    }

    func links(of url: String) throws -> Set<String> {
        Set(try test.rows("SELECT l.url FROM links l JOIN jobs j ON j.id = l.job_id WHERE j.url = '\(url)'")
            .compactMap { $0[0] })
    }

    func queuedURLs() throws -> Set<String> {
        Set(try test.rows("SELECT url FROM jobs").compactMap { $0[0] })
    }
}

struct JobRow: Equatable {
    var state: String?
    var attempts: Int
    var status: Int?
    var error: String?
    var title: String?
    var finalURL: String?
    var depth: Int

    init(columns: [String?]) {
        state = columns[0]
        attempts = Int(columns[1] ?? "") ?? -1
        status = columns[2].flatMap { Int($0) }
        error = columns[3]
        title = columns[4]
        finalURL = columns[5]
        depth = Int(columns[6] ?? "") ?? -1
    }
}
