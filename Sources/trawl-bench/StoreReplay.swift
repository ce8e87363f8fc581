import TrawlStore

/// A crawl's writes replayed through trawl's own store (`SQLiteCrawlStore`: its claims, its `record` of
/// finished pages with their links and discovered jobs, its statement and link-target caches), with the
/// fetching and parsing taken away: what the database side of a crawl costs per page in trawl itself, next
/// to the raw-SQL replays of `SQLiteLimit`. Links already known to be jobs are kept out of `discovered`, as
/// the crawler's `KnownURLFilter` does; the index of links by target is suspended and built at the end, as
/// a crawl run does (the build is timed too).
struct StoreReplay {
    let corpus: [String: CorpusPage]
    let roots: [String]
    let path: String

    struct Result {
        var pages = 0
        var wallMicrosPerPage = 0.0, cpuMicrosPerPage = 0.0
    }

    func run() async throws -> Result {
        for suffix in ["", "-wal", "-shm"] { Platform.removeFile(path + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { Platform.removeFile(path + suffix) } }
        let store = try SQLiteCrawlStore(path: path)
        _ = try await store.enqueue(roots.map { NewJob(url: $0, host: CrawlReplayHost.key($0), depth: 0) })
        let lease = try await store.registerCrawler()
        _ = try await store.suspendQueryIndexes(expectedPages: nil)  // as a crawl run does
        var known = Set(roots)
        var result = Result()
        let stamp = "2026-01-01T00:00:00.000Z"
        let wallStart = Platform.now(), cpuStart = Platform.processCPUTime()
        while true {
            let claimed = try await store.claim(ClaimRequest(perHostTarget: 1024, maxJobs: 1024, held: [:]), for: lease).jobs
            if claimed.isEmpty { break }
            let outcomes = claimed.map { job -> JobOutcome in
                let page = corpus[job.url]
                let record = PageRecord(finalURL: job.url, status: 200, title: page?.title,
                                        contentType: "text/html; charset=utf-8", bytes: 30_000, fetchedAt: stamp,
                                        elapsedMilliseconds: 2)
                let discovered = (page?.followed ?? []).filter { known.insert($0).inserted }.map {
                    NewJob(url: $0, host: job.host, depth: job.depth + 1, parentID: job.id)
                }
                return .finished(job, .done, record, links: (page?.links ?? []).map { PageLink(url: $0) }, discovered: discovered)
            }
            _ = try await store.record(outcomes)
            result.pages += claimed.count
        }
        try await store.unregister(lease)
        _ = try await store.restoreQueryIndexes()
        let wall = Platform.now() - wallStart, cpu = Platform.processCPUTime() - cpuStart
        result.wallMicrosPerPage = wall / Double(max(result.pages, 1)) * 1e6
        result.cpuMicrosPerPage = cpu / Double(max(result.pages, 1)) * 1e6
        return result
    }
}

/// `host[:port]` of a normalized URL (what `jobs.host` holds).
enum CrawlReplayHost {
    static func key(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        return parts.count > 2 ? String(parts[2]) : ""
    }
}
