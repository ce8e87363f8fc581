/// Recording a batch of outcomes on PostgreSQL in one transaction of a fixed number of statements, whatever
/// the batch's size: one fenced `UPDATE … FROM unnest(…)` for every job, then pages, page_meta, link targets,
/// page links, discovered jobs and the links-not-queued counts, each one statement over arrays.
extension PostgresCrawlStore {
    public func record(_ outcomes: [JobOutcome], maxJobsPerHost: Int?) async throws -> RecordSummary {
        guard !outcomes.isEmpty else { return RecordSummary() }
        return try await transaction { connection in
            try Self.record(outcomes, maxJobsPerHost: maxJobsPerHost, connection)
        }
    }

    private static func record(
        _ outcomes: [JobOutcome], maxJobsPerHost: Int?, _ connection: PGConnection
    ) throws -> RecordSummary {
        var summary = RecordSummary()
        let owned = try updateJobs(outcomes, connection)
        summary.recorded = outcomes.filter { owned.contains($0.job.id) }.count
        summary.fenced = outcomes.count - summary.recorded
        var pages: [(job: ClaimedJob, page: PageRecord)] = []
        var fetched: [(job: ClaimedJob, page: PageRecord)] = []
        var links: [(job: Int64, link: PageLink)] = []
        var discovered: [NewJob] = []
        var dropped: [DroppedLink] = []
        for outcome in outcomes where owned.contains(outcome.job.id) {
            switch outcome {
            case .finished(let job, _, let page, let pageLinks, let found):
                pages.append((job, page))
                fetched.append((job, page))
                links += pageLinks.map { (job.id, $0) }
                discovered += found
                dropped += page.droppedLinks
            case .refused(let job, let page):
                pages.append((job, page))
            case .retry, .release, .postpone:
                break
            }
        }
        try writePages(pages.filter { !$0.page.notModified }, connection)
        try keepStoredVersions(pages.filter(\.page.notModified), connection)
        try writeFetches(fetched, connection)
        try writeLinks(links, connection)
        let (inserted, refusedByBudget) = try insertDiscovered(discovered, maxJobsPerHost: maxJobsPerHost, connection)
        summary.discovered = inserted
        summary.linksNotQueued[.hostBudget] += refusedByBudget
        // After the inserts: a link another page of this batch queued is not "not queued".
        if !dropped.isEmpty {
            let known = Set(try connection.query("SELECT url FROM jobs WHERE url = ANY($1::text[])",
                                                 [PGArray.text(Set(dropped.map(\.url)))]).rows.map { $0.text(0) })
            for link in dropped where !known.contains(link.url) { summary.linksNotQueued[link.reason] += 1 }
        }
        let counts = summary.linksNotQueued.ordered
        if !counts.isEmpty {
            try connection.query("""
                INSERT INTO links_not_queued AS n (reason, links)
                SELECT * FROM unnest($1::text[], $2::bigint[]) ORDER BY 1
                ON CONFLICT (reason) DO UPDATE SET links = n.links + excluded.links
                """, [PGArray.text(counts.map(\.reason.key)), PGArray.numbers(counts.map(\.count))])
        }
        return summary
    }

    /// One fenced update for every outcome: a row changes only while it is `in_progress` under the claim's
    /// token. Retry and postpone times come from the crawler's clock and are moved onto the database's.
    /// Returns the ids of the jobs this crawler still held.
    private static func updateJobs(_ outcomes: [JobOutcome], _ connection: PGConnection) throws -> Set<Int64> {
        let skew = try PostgresCrawlStore.now(connection) - WallClock.now()
        var ids: [Int64] = [], tokens: [Int64] = [], states: [String] = [], added: [Int] = []
        var notBefore: [Double?] = [], errors: [String?] = [], keepsError: [Bool] = []
        for outcome in outcomes {
            let job = outcome.job
            ids.append(job.id)
            tokens.append(job.leaseToken)
            switch outcome {
            case .finished(_, let state, let page, _, _):
                states.append(state.rawValue); added.append(1); notBefore.append(nil); errors.append(page.error)
                keepsError.append(false)
            case .refused(_, let page):
                states.append(FinishedState.failed.rawValue); added.append(0); notBefore.append(nil)
                errors.append(page.error); keepsError.append(false)
            case .retry(_, let error, let time):
                states.append("queued"); added.append(1); notBefore.append(time + skew); errors.append(error)
                keepsError.append(false)
            case .postpone(_, let reason, let time):
                states.append("queued"); added.append(0); notBefore.append(time + skew); errors.append(reason)
                keepsError.append(false)
            case .release:
                states.append("queued"); added.append(0); notBefore.append(nil); errors.append(nil)
                keepsError.append(true)
            }
        }
        let rows = try connection.query("""
            UPDATE jobs AS j SET state = o.state, attempts = j.attempts + o.added,
                not_before = coalesce(o.not_before, j.not_before),
                last_error = CASE WHEN o.keeps_error THEN j.last_error ELSE o.error END,
                lease_owner = NULL, lease_token = NULL, updated_at = $8
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::float8[], $6::text[], $7::bool[])
                AS o(id, token, state, added, not_before, error, keeps_error)
            WHERE j.id = o.id AND j.lease_token = o.token AND j.state = 'in_progress'
            RETURNING j.id
            """, [PGArray.numbers(ids), PGArray.numbers(tokens), PGArray.text(states), PGArray.numbers(added),
                  PGArray.numbers(notBefore), PGArray.text(errors), PGArray.bools(keepsError),
                  WallClock.iso8601(WallClock.now())])
        return Set(rows.rows.map { $0.int64(0) })
    }

    /// The `pages` rows (replacing an earlier attempt's), the `page_meta` rows of pages that say something and
    /// the `page_versions` rows of responses. A re-fetch that got a response (any status) replaces what its
    /// page had: links, meta and version go first (`clearRefetched`).
    private static func writePages(_ pages: [(job: ClaimedJob, page: PageRecord)], _ connection: PGConnection) throws {
        guard !pages.isEmpty else { return }
        try clearRefetched(pages, connection)
        try writeVersions(pages, connection)
        try connection.query("""
            INSERT INTO pages (job_id, url, final_url, status, title, content_type, bytes, fetched_at, elapsed_ms, error)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bigint[],
                                 $8::text[], $9::int[], $10::text[])
            ON CONFLICT (job_id) DO UPDATE SET url = excluded.url, final_url = excluded.final_url,
                status = excluded.status, title = excluded.title, content_type = excluded.content_type,
                bytes = excluded.bytes, fetched_at = excluded.fetched_at, elapsed_ms = excluded.elapsed_ms,
                error = excluded.error
            """, [PGArray.numbers(pages.map(\.job.id)), PGArray.text(pages.map(\.job.url)),
                  PGArray.text(pages.map(\.page.finalURL)), PGArray.numbers(pages.map(\.page.status)),
                  PGArray.text(pages.map(\.page.title)), PGArray.text(pages.map(\.page.contentType)),
                  PGArray.numbers(pages.map(\.page.bytes)), PGArray.text(pages.map(\.page.fetchedAt)),
                  PGArray.numbers(pages.map(\.page.elapsedMilliseconds)), PGArray.text(pages.map(\.page.error))])
        let metas = pages.filter { !$0.page.meta.isEmpty }
        guard !metas.isEmpty else { return }
        try connection.query("""
            INSERT INTO page_meta (job_id, canonical_url, description, robots, noindex, nofollow, links_truncated)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[])
            ON CONFLICT (job_id) DO UPDATE SET canonical_url = excluded.canonical_url,
                description = excluded.description, robots = excluded.robots, noindex = excluded.noindex,
                nofollow = excluded.nofollow, links_truncated = excluded.links_truncated
            """, [PGArray.numbers(metas.map(\.job.id)), PGArray.text(metas.map(\.page.meta.canonicalURL)),
                  PGArray.text(metas.map(\.page.meta.description)), PGArray.text(metas.map(\.page.meta.robots)),
                  PGArray.numbers(metas.map { $0.page.meta.noindex ? 1 : 0 }),
                  PGArray.numbers(metas.map { $0.page.meta.nofollow ? 1 : 0 }),
                  PGArray.numbers(metas.map { $0.page.meta.linksTruncated ? 1 : 0 })])
    }

    /// Link targets first (new URLs inserted in URL order, so that concurrent batches never wait on each
    /// other in a cycle), then the page links joined to them by URL in a second statement, whose snapshot
    /// also sees targets another crawler committed while this one waited on them.
    private static func writeLinks(_ links: [(job: Int64, link: PageLink)], _ connection: PGConnection) throws {
        guard !links.isEmpty else { return }
        let urls = PGArray.text(links.map(\.link.url))
        try connection.query("""
            INSERT INTO link_targets (url) SELECT DISTINCT url FROM unnest($1::text[]) AS url ORDER BY url
            ON CONFLICT (url) DO NOTHING
            """, [urls])
        try connection.query("""
            INSERT INTO page_links (job_id, target_id, kinds, nofollow)
            SELECT l.job_id, t.id, l.kinds, l.nofollow
            FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[]) AS l(job_id, url, kinds, nofollow)
            JOIN link_targets t ON t.url = l.url
            ON CONFLICT (job_id, target_id) DO NOTHING
            """, [PGArray.numbers(links.map(\.job)), urls, PGArray.numbers(links.map(\.link.kinds)),
                  PGArray.numbers(links.map { $0.link.nofollow ? 1 : 0 })])
    }

    /// Inserts the discovered jobs; with `maxJobsPerHost`, a host's jobs (counted across runs) stop at the
    /// bound. Returns the jobs inserted and the links refused by the bound that were not jobs already.
    private static func insertDiscovered(
        _ jobs: [NewJob], maxJobsPerHost: Int?, _ connection: PGConnection
    ) throws -> (inserted: Int, refused: Int) {
        guard !jobs.isEmpty else { return (0, 0) }
        guard let limit = maxJobsPerHost else { return (try insertJobs(jobs, connection).count, 0) }
        let known = Set(try connection.query("SELECT url FROM jobs WHERE url = ANY($1::text[])",
                                             [PGArray.text(Set(jobs.map(\.url)))]).rows.map { $0.text(0) })
        var counts: [String: Int] = [:]
        for row in try connection.query(
            "SELECT host, queued + in_progress + done + failed FROM hosts WHERE host = ANY($1::text[])",
            [PGArray.text(Set(jobs.map(\.host)))]).rows {
            counts[row.text(0)] = row.int(1)
        }
        var accepted: [NewJob] = []
        var seen = known
        var refused = 0
        for job in jobs where !seen.contains(job.url) {
            if counts[job.host, default: 0] >= limit {
                refused += 1
                continue
            }
            seen.insert(job.url)
            counts[job.host, default: 0] += 1
            accepted.append(job)
        }
        return (try insertJobs(accepted, connection).count, refused)
    }
}
