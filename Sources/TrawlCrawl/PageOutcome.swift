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

    init(options: CrawlOptions, knownURLs: KnownURLFilter? = nil) {
        self.options = options
        self.parser = HTMLPageParser(maxLinks: options.maxLinksPerPage, robotsToken: Self.robotsToken(options))
        self.knownURLs = knownURLs
    }

    /// `jobURL`: the job's URL already parsed, if the caller has it.
    func outcome(
        for job: ClaimedJob, response: FetchResponse, jobURL: NormalizedURL? = nil, now: Double = WallClock.now()
    ) -> JobOutcome {
        let attempt = job.attempts + 1
        var page = PageRecord(
            finalURL: response.finalURL, status: response.status, contentType: response.contentType,
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
        // The job's URL and the final one, parsed once for the page (each is a curl parse).
        let origin = jobURL ?? (try? NormalizedURL(parsing: job.url))
        let final = response.finalURL.map { $0 == job.url ? origin : try? NormalizedURL(parsing: $0) } ?? origin
        let links = (final ?? origin).map { PageLinks(parsed, pageURL: $0, pageNofollow: robots.nofollow) }
        page.meta = PageMeta(
            canonicalURL: links?.canonical?.string, description: parsed.description, robots: robots.text,
            noindex: robots.noindex, nofollow: robots.nofollow, linksTruncated: parsed.linksTruncated)
        let followed = (links?.targets ?? []).compactMap { options.ignoreNofollow || !$0.nofollow ? $0.url : nil }
        return .finished(job, .done, page, links: links?.records ?? [],
                         discovered: discoveredJobs(followed, job: job, origin: origin, final: final))
    }

    /// The robots.txt product token of the crawl's User-Agent ("trawl"), which `<meta name="trawl">` and
    /// `X-Robots-Tag: trawl: …` address.
    static func robotsToken(_ options: CrawlOptions) -> String {
        UserAgentToken.of(options.connector.userAgent)
    }

    /// The links that become new jobs: inside the `--follow` scope and `--max-depth`.
    private func discoveredJobs(
        _ links: [NormalizedURL], job: ClaimedJob, origin: NormalizedURL?, final: NormalizedURL?
    ) -> [NewJob] {
        let depth = job.depth + 1
        if let maxDepth = options.maxDepth, depth > maxDepth { return [] }
        guard options.follow != .none, let origin else { return [] }
        // A page that redirected within its own site (a.com → www.a.com) also anchors the scope.
        var anchors = [origin]
        if let final, final.hostKey != origin.hostKey,
           RegistrableDomain.of(final.hostname) == RegistrableDomain.of(origin.hostname) {
            anchors.append(final)
        }
        // Most links are on the page's own host: build its key ("host:port") once, not once per link.
        let originHostKey = origin.hostKey
        let inScope = links.compactMap { link -> NewJob? in
            guard anchors.contains(where: { options.follow.allows(link, from: $0) }) else { return nil }
            let host = link.hostname == origin.hostname && link.port == origin.port ? originHostKey : link.hostKey
            return NewJob(url: link.string, host: host, depth: depth, parentID: job.id)
        }
        return knownURLs?.keepUnknown(inScope, url: \.url) ?? inScope
    }

    /// Exponential back-off with jitter (0.5–1.5×), never shorter than the server's Retry-After.
    private func retryDelay(after attempt: Int, _ response: FetchResponse) -> Double {
        let exponential = options.retryDelay * Double(1 << min(attempt - 1, 20))
        let jittered = min(exponential, options.maxRetryDelay) * Double.random(in: 0.5...1.5)
        return max(jittered, min(response.retryAfter ?? 0, options.maxRetryDelay))
    }
}
