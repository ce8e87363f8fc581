import TrawlParse
import TrawlStore
import TrawlURLs

/// `trawl-bench sqlite --manifest FILE`: SQLite's rate for the rows a crawl of the corpus writes, in trawl's
/// schema (whichever version this build creates), so that a crawl's time per page can be set against the
/// database's share of it.
///
/// The corpus is parsed first (untimed). Then, in a new database created by `SQLiteCrawlStore` (schema.sql,
/// WAL, synchronous=NORMAL), a crawl's writes are replayed breadth first with prepared statements, `batch`
/// pages per transaction, a page cache of `cacheMegabytes`: the claim of each job, its finished state, its `pages` row, its `links` rows, and a
/// job insert for each same-host link. Twice: once leaving every duplicate to the database (the UNIQUE index
/// rejects known job URLs, link targets are looked up), once keeping URLs already known out of the database
/// with in-memory sets and maps (the fastest the rows can go). Wall and CPU time of the whole replay, per page.
struct SQLiteLimit {
    let manifestPath: String
    let siteDirectory: String
    let databasePath: String
    let batch: Int
    let cacheMegabytes: Int

    init(_ arguments: inout BenchArguments) throws(BenchError) {
        guard let manifest = arguments.option("--manifest") else { throw .usage("sqlite: --manifest is required") }
        manifestPath = manifest
        siteDirectory = arguments.option("--site") ?? Manifest.siteDirectory(besides: manifest)
        databasePath = arguments.option("--db") ?? "\(manifest).sqlite-limit.db"
        batch = try arguments.intOption("--batch", default: 256)
        cacheMegabytes = try arguments.intOption("--cache-mb", default: 64)
        try arguments.finish()
    }

    func run() async throws(BenchError) {
        let corpus = try loadCorpus()
        let roots = corpus.values.filter { $0.url.hasSuffix("/") && $0.url.split(separator: "/").count == 2 }
            .map(\.url).sorted()
        var json = JSONObject()
        json.add("bench", "sqlite")
        json.add("pages", corpus.count)
        for (name, filtered) in [("all_links", false), ("known_filtered", true)] {
            let replay = try CrawlReplay(corpus: corpus, roots: roots, path: databasePath, batch: batch,
                                         cacheMegabytes: cacheMegabytes, filterKnown: filtered).run()
            Console.error("""
                sqlite (\(filtered ? "known URLs filtered in memory" : "every followed link inserted")): \
                \(replay.pages) pages, \(replay.links) links, \(replay.jobInserts) job inserts \
                (\(replay.jobs) new): \(format(replay.wallMicrosPerPage)) µs per page \
                (\(format(replay.cpuMicrosPerPage)) µs CPU), database \(replay.databaseBytes / 1_000_000) MB
                """)
            json.add("\(name)_us_per_page", replay.wallMicrosPerPage)
            json.add("\(name)_cpu_us_per_page", replay.cpuMicrosPerPage)
            json.add("\(name)_job_inserts", replay.jobInserts)
            json.add("\(name)_database_bytes", replay.databaseBytes)
            if !filtered {
                json.add("links", replay.links)
                json.add("jobs", replay.jobs)
            }
        }
        let store: StoreReplay.Result
        do {
            store = try await StoreReplay(corpus: corpus, roots: roots, path: databasePath).run()
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
        Console.error("""
            sqlite (through trawl's store, known URLs filtered in memory): \(store.pages) pages: \
            \(format(store.wallMicrosPerPage)) µs per page (\(format(store.cpuMicrosPerPage)) µs CPU)
            """)
        json.add("store_us_per_page", store.wallMicrosPerPage)
        json.add("store_cpu_us_per_page", store.cpuMicrosPerPage)
        for suffix in ["", "-wal", "-shm"] { Platform.removeFile(databasePath + suffix) }
        Console.line(json.text)
    }

    /// Every page of the manifest as a crawl of it stores it, by normalized URL.
    private func loadCorpus() throws(BenchError) -> [String: CorpusPage] {
        let parser = HTMLPageParser()
        let charset = ContentType.charset(of: "text/html; charset=utf-8")
        var corpus: [String: CorpusPage] = [:]
        for entry in try Manifest.read(manifestPath) {
            let body = try Platform.readFile("\(siteDirectory)/\(entry.file)")
            guard let url = try? NormalizedURL(parsing: entry.url) else {
                throw .manifest(path: manifestPath, line: corpus.count + 2, reason: "bad URL \(entry.url)")
            }
            corpus[url.string] = CorpusPage.resolving(parser.parse(body, declaredCharset: charset), at: url)
        }
        return corpus
    }
}

/// One replay of a crawl's writes into a fresh database.
private struct CrawlReplay {
    let corpus: [String: CorpusPage]
    let roots: [String]
    let path: String
    let batch: Int
    let cacheMegabytes: Int
    let filterKnown: Bool

    struct Result {
        var pages = 0, links = 0, jobs = 0, jobInserts = 0, databaseBytes = 0
        var wallMicrosPerPage = 0.0, cpuMicrosPerPage = 0.0
    }

    private struct Job {
        let id: Int64
        let url: String
        let depth: Int
    }

    func run() throws(BenchError) -> Result {
        for suffix in ["", "-wal", "-shm"] { Platform.removeFile(path + suffix) }
        do {
            _ = try SQLiteCrawlStore(path: path)  // creates the database from schema.sql, as trawl does
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
        let database = try RawDatabase(path: path)
        try database.execute("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheMegabytes * 1024)")
        let insertJob = try database.prepare(
            "INSERT INTO jobs (url, host, depth, parent_id) VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING")
        let claimJob = try database.prepare("""
            UPDATE jobs SET state = 'in_progress', lease_owner = 1, lease_token = ?, updated_at = ?
            WHERE id = ? AND state = 'queued'
            """)
        let finishJob = try database.prepare("""
            UPDATE jobs SET state = 'done', attempts = attempts + 1, last_error = NULL, lease_owner = NULL,
                lease_token = NULL, updated_at = ?
            WHERE id = ? AND lease_token = ? AND state = 'in_progress'
            """)
        let insertPage = try database.prepare("""
            INSERT OR REPLACE INTO pages (job_id, url, final_url, status, title, content_type, bytes, fetched_at,
                elapsed_ms, error)
            VALUES (?, ?, ?, 200, ?, 'text/html; charset=utf-8', 30000, ?, 2, NULL)
            """)
        let links = try LinkRows(database, filterKnown: filterKnown)

        var result = Result()
        var jobs: [Job] = []
        var known = Set<String>()
        let stamp = "2026-01-01T00:00:00.000Z"
        let wallStart = Platform.now(), cpuStart = Platform.processCPUTime()

        func enqueue(_ url: String, host: String, depth: Int, parent: Int64?) throws(BenchError) {
            if filterKnown && !known.insert(url).inserted { return }
            insertJob.bind(1, url)
            insertJob.bind(2, host)
            insertJob.bind(3, Int64(depth))
            if let parent { insertJob.bind(4, parent) } else { insertJob.bind(4, nil as String?) }
            result.jobInserts += 1
            if try insertJob.run() == 1 {
                jobs.append(Job(id: database.lastInsertRowID, url: url, depth: depth))
            }
        }

        try database.execute("BEGIN IMMEDIATE")
        for root in roots {
            try enqueue(root, host: CrawlReplayHost.key(root), depth: 0, parent: nil)
        }
        try database.execute("COMMIT")
        var next = 0
        var token: Int64 = 0
        while next < jobs.count {
            let slice = next..<min(next + batch, jobs.count)
            token += 1
            try database.execute("BEGIN IMMEDIATE")
            for job in jobs[slice] {
                claimJob.bind(1, token)
                claimJob.bind(2, stamp)
                claimJob.bind(3, job.id)
                try claimJob.run()
            }
            try database.execute("COMMIT")
            try database.execute("BEGIN IMMEDIATE")
            for index in slice {
                let job = jobs[index]
                finishJob.bind(1, stamp)
                finishJob.bind(2, job.id)
                finishJob.bind(3, token)
                try finishJob.run()
                let page = corpus[job.url]
                insertPage.bind(1, job.id)
                insertPage.bind(2, job.url)
                insertPage.bind(3, job.url)
                insertPage.bind(4, page?.title)
                insertPage.bind(5, stamp)
                try insertPage.run()
                result.pages += 1
                guard let page else { continue }
                for link in page.links {
                    try links.insert(job: job.id, url: link)
                }
                result.links += page.links.count
                let host = CrawlReplayHost.key(job.url)
                for link in page.followed {
                    try enqueue(link, host: host, depth: job.depth + 1, parent: job.id)
                }
            }
            try database.execute("COMMIT")
            next = slice.upperBound
        }
        let wall = Platform.now() - wallStart, cpu = Platform.processCPUTime() - cpuStart
        result.jobs = jobs.count
        result.wallMicrosPerPage = wall / Double(max(result.pages, 1)) * 1e6
        result.cpuMicrosPerPage = cpu / Double(max(result.pages, 1)) * 1e6
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        result.databaseBytes = Platform.fileSize(path) ?? 0
        return result
    }
}

/// Writes a page's link rows in the schema's layout: one `links (job_id, url)` row (schema v1, v2), or a
/// `link_targets` row per distinct URL and a `page_links (job_id, target_id)` row per link (v3 on).
private final class LinkRows {
    private let insertLink: RawStatement?
    private let findTarget: RawStatement?
    private let insertTarget: RawStatement?
    private let insertPageLink: RawStatement?
    private let filterKnown: Bool
    /// link_targets ids by URL, in the filtered mode.
    private var targets: [String: Int64] = [:]

    init(_ database: RawDatabase, filterKnown: Bool) throws(BenchError) {
        self.filterKnown = filterKnown
        let probe = try database.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'link_targets'")
        if try probe.integer() == 1 {
            insertLink = nil
            findTarget = try database.prepare("SELECT id FROM link_targets WHERE url = ?")
            insertTarget = try database.prepare("INSERT INTO link_targets (url) VALUES (?) RETURNING id")
            insertPageLink = try database.prepare("INSERT OR IGNORE INTO page_links (job_id, target_id) VALUES (?, ?)")
        } else {
            insertLink = try database.prepare("INSERT OR IGNORE INTO links (job_id, url) VALUES (?, ?)")
            findTarget = nil
            insertTarget = nil
            insertPageLink = nil
        }
    }

    func insert(job: Int64, url: String) throws(BenchError) {
        if let insertLink {
            insertLink.bind(1, job)
            insertLink.bind(2, url)
            try insertLink.run()
            return
        }
        guard let findTarget, let insertTarget, let insertPageLink else { return }
        var target = filterKnown ? targets[url] : nil
        if target == nil && !filterKnown {
            findTarget.bind(1, url)
            target = try findTarget.integer()
        }
        if target == nil {
            insertTarget.bind(1, url)
            target = try insertTarget.integer()
            if filterKnown { targets[url] = target }
        }
        insertPageLink.bind(1, job)
        insertPageLink.bind(2, target ?? 0)
        try insertPageLink.run()
    }
}
