import TrawlFetch
import TrawlParse
import TrawlRobots
import TrawlStore
import TrawlURLs

/// Turns one response into what the database records: a finished page with its links and discovered
/// jobs, a retry for later, or a failure. No I/O: the workers call it, tests call it directly.
struct PageOutcomeBuilder: Sendable {
    let options: CrawlOptions
    let parser: HTMLPageParser
    /// Links already known to be jobs skip the database; nil: every discovered link is offered to it.
    let knownURLs: KnownURLFilter?
    /// Links this run already counted as not queued: each distinct URL is counted once per run.
    let droppedURLs = KnownURLFilter(capacity: 1 << 16)
    /// Checks beyond scope and depth (the URL length), and their counts.
    let linkLimits: DiscoveredLinkLimits
    /// `--include`, `--exclude` and the trap guards; nil: none (tests that build outcomes directly).
    let linkScope: LinkScope?
    /// `--strip-query`, applied to every link as part of its normalization.
    let queryFilter: QueryParameterFilter

    init(options: CrawlOptions, knownURLs: KnownURLFilter? = nil, linkScope: LinkScope? = nil) {
        self.options = options
        self.parser = HTMLPageParser(maxLinks: options.maxLinksPerPage, robotsToken: Self.robotsToken(options))
        self.knownURLs = knownURLs
        self.linkLimits = DiscoveredLinkLimits(maxURLLength: options.maxURLLength)
        self.linkScope = linkScope
        self.queryFilter = QueryParameterFilter(options.scope.stripQuery)
    }

    /// `jobURL`: the job's URL already parsed, if the caller has it.
    func outcome(
        for job: ClaimedJob, response: FetchResponse, jobURL: NormalizedURL? = nil, now: Double = WallClock.now()
    ) -> JobOutcome {
        let attempt = job.attempts + 1
        var page = PageRecord(
            finalURL: response.finalURL.map(URLUserinfo.stripped), status: response.status,
            contentType: response.contentType,
            bytes: response.bytes, fetchedAt: WallClock.iso8601(now),
            elapsedMilliseconds: Int((response.elapsed * 1000).rounded()))

        if let failure = response.failure {
            if failure.kind == .cancelled { return .release(job) }
            if failure.isRetryable && job.attempts < options.retries {
                return .retry(job, error: failure.message, notBefore: now + retryDelay(after: attempt, response))
            }
            page.error = failure.isRetryable && attempt > 1 ? "\(failure.message) (after \(attempt) attempts)"
                : failure.message
            return .finished(job, .failed, page, links: [], discovered: [])
        }

        let status = response.status ?? 0
        if status == 304, job.stored?.hasValidators == true {
            // Not modified since the version stored: it stays, with its title, links and hash.
            page.notModified = true
            page.version = StoredVersion(etag: response.etag, lastModified: response.lastModified)
            return .finished(job, .done, page, links: [], discovered: [])
        }
        page.version = Self.version(of: response)
        if status == 429 || status >= 500 {
            let error = "HTTP \(status)"
            if job.attempts < options.retries {
                return .retry(job, error: error, notBefore: now + retryDelay(after: attempt, response))
            }
            page.error = attempt > 1 ? "\(error) (after \(attempt) attempts)" : error
            return .finished(job, .failed, page, links: [], discovered: [])
        }

        guard !response.body.isEmpty, ContentType.isHTML(response.contentType) else {
            // X-Robots-Tag is how a PDF or an image says noindex: kept for every response.
            var robots = RobotsDirectives()
            for value in response.robotsTags { robots.add(header: value, token: parser.robotsToken) }
            page.meta = PageMeta(robots: robots.text, noindex: robots.noindex, nofollow: robots.nofollow)
            return .finished(job, .done, page, links: [], discovered: [])
        }
        let parsed = parser.parse(response.body, declaredCharset: ContentType.charset(of: response.contentType))
        page.title = parsed.title
        var robots = parsed.robots
        for value in response.robotsTags { robots.add(header: value, token: parser.robotsToken) }
        // An external link checked by --check-external: its status and title are what was asked for.
        if job.checkOnly { return .finished(job, .done, page, links: [], discovered: []) }
        // The job's URL and the final one, parsed once for the page.
        let origin = jobURL ?? (try? NormalizedURL(parsing: job.url))
        let final = response.finalURL.map { $0 == job.url ? origin : try? NormalizedURL(parsing: $0) } ?? origin
        let links = (final ?? origin).map {
            PageLinks(parsed, pageURL: $0, pageNofollow: robots.nofollow, queryFilter: queryFilter)
        }
        page.meta = PageMeta(
            canonicalURL: links?.canonical?.string, description: parsed.description, robots: robots.text,
            noindex: robots.noindex, nofollow: robots.nofollow, linksTruncated: parsed.linksTruncated)
        var followed: [NormalizedURL] = []
        var notFollowed: [DroppedLink] = []
        for target in links?.targets ?? [] {
            if options.ignoreNofollow || !target.nofollow {
                followed.append(target.url)
            } else {
                notFollowed.append(DroppedLink(url: target.url.string, reason: .nofollow))
            }
        }
        let (discovered, dropped) = discoveredJobs(followed, job: job, origin: origin, final: final)
        page.droppedLinks = countable(notFollowed) + dropped
        return .finished(job, .done, page, links: links?.records ?? [], discovered: discovered)
    }

    /// The validators and body hash of a response. The hash is of the decoded body, and only of a whole
    /// one: a body not kept (not HTML) has none.
    static func version(of response: FetchResponse) -> StoredVersion {
        let whole = response.body.count == response.bytes
        return StoredVersion(etag: response.etag, lastModified: response.lastModified,
                             bodyHash: whole ? BodyHash.of(response.body) : nil)
    }

    /// The crawl's robots.txt product token (`--robots-agent`, else the User-Agent's: "trawl"), which
    /// `<meta name="trawl">` and `X-Robots-Tag: trawl: …` address.
    static func robotsToken(_ options: CrawlOptions) -> String { options.robotsToken }

    /// The links that become new jobs: inside the `--follow` scope and `--max-depth` (or, with
    /// `--check-external`, outside the scope, to be checked once), then judged by the scope rules; and those
    /// that do not, with why (counted once per run, and only when they are not jobs already).
    private func discoveredJobs(
        _ links: [NormalizedURL], job: ClaimedJob, origin: NormalizedURL?, final: NormalizedURL?
    ) -> (discovered: [NewJob], dropped: [DroppedLink]) {
        guard let origin else { return ([], []) }
        let depth = job.depthOfItsLinks
        let beyondDepth = options.maxDepth.map { depth > $0 } ?? false
        let checkExternal = options.scope.checkExternal
        // A page that redirected within its own site (a.com → www.a.com) also anchors the scope.
        var anchors = [origin]
        if let final, final.hostKey != origin.hostKey,
           RegistrableDomain.of(final.hostname) == RegistrableDomain.of(origin.hostname) {
            anchors.append(final)
        }
        // Most links are on the page's own host: build its key ("host:port") once, not once per link.
        let originHostKey = origin.hostKey
        var candidates: [NewJob] = []
        var dropped: [DroppedLink] = []
        for link in links {
            let followed = options.follow != .none && anchors.contains(where: { options.follow.allows(link, from: $0) })
            guard followed || checkExternal else {
                dropped.append(DroppedLink(url: link.string, reason: .followScope))
                continue
            }
            if beyondDepth {
                dropped.append(DroppedLink(url: link.string, reason: .maxDepth))
                continue
            }
            if let reason = linkLimits.refusal(of: link) {
                dropped.append(DroppedLink(url: link.string, reason: reason))
                continue
            }
            let host = link.hostname == origin.hostname && link.port == origin.port ? originHostKey : link.hostKey
            candidates.append(NewJob(url: link.string, host: host, depth: depth, parentID: job.id, checkOnly: !followed))
        }
        let unknown = knownURLs?.keepUnknown(candidates, url: \.url) ?? candidates
        guard let linkScope else { return (unknown, countable(dropped)) }
        let judged = linkScope.judge(unknown)
        // `keepUnknown` has just marked the refused ones as known: they were not jobs, so count them now.
        return (judged.admitted, countable(dropped) + droppedURLs.keepUnknown(judged.refused, url: \.url))
    }

    /// The dropped links worth offering to the database's count: not known jobs, not counted yet this run.
    private func countable(_ dropped: [DroppedLink]) -> [DroppedLink] {
        guard !dropped.isEmpty else { return [] }
        let unknown = knownURLs.map { known in dropped.filter { !known.contains($0.url) } } ?? dropped
        return droppedURLs.keepUnknown(unknown, url: \.url)
    }

    /// Exponential back-off with jitter (0.5–1.5×), never shorter than the server's Retry-After.
    private func retryDelay(after attempt: Int, _ response: FetchResponse) -> Double {
        let exponential = options.retryDelay * Double(1 << min(attempt - 1, 20))
        let jittered = min(exponential, options.maxRetryDelay) * Double.random(in: 0.5...1.5)
        return max(jittered, min(response.retryAfter ?? 0, options.maxRetryDelay))
    }
}
