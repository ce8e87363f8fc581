import TrawlFetch
import TrawlStore
import TrawlURLs

/// What a worker does with one job: politeness and safety checks, the request, and its outcome.
struct JobProcessor: Sendable {
    let connector: Connector
    let robots: RobotsGate?
    let health: HostHealth
    let trust: HostTrust
    let builder: PageOutcomeBuilder
    let knownURLs: KnownURLFilter
    let options: CrawlOptions

    init(connector: Connector, store: any CrawlStore, options: CrawlOptions, linkScope: LinkScope? = nil) {
        self.connector = connector
        self.robots = options.ignoreRobots ? nil : RobotsGate(connector: connector, store: store, options: options)
        self.health = HostHealth(threshold: options.breakerThreshold, cooldown: options.breakerCooldown)
        self.trust = HostTrust(store: store, allowPrivate: options.allowPrivate)
        let knownURLs = KnownURLFilter()
        self.knownURLs = knownURLs
        self.builder = PageOutcomeBuilder(options: options, knownURLs: knownURLs, linkScope: linkScope)
        self.options = options
    }

    /// The job's outcome, and the body bytes received for it.
    func process(_ job: ClaimedJob) async -> (outcome: JobOutcome, bytes: Int) {
        let now = WallClock.now()
        guard let url = try? NormalizedURL(parsing: job.url) else {
            return (.refused(job, Self.page(error: "invalid URL in the queue", at: now)), 0)
        }
        knownURLs.remember(job.url)
        if let reason = health.refusal(for: job.host, now: now) {
            return (.refused(job, Self.page(error: reason, at: now)), 0)
        }
        let allowPrivate = await trust.allowsPrivateAddresses(job)
        if let robots {
            switch await robots.verdict(for: url, allowPrivate: allowPrivate) {
            case .allowed: break
            case .disallowed: return (.refused(job, Self.page(error: PageRecord.robotsDisallowed, at: now)), 0)
            case .wait(let until, let reason): return (.postpone(job, reason: reason, notBefore: until), 0)
            case .refused(let reason): return (.refused(job, Self.page(error: reason, at: now)), 0)
            }
        }
        var request = FetchRequest(url: job.url, hostKey: job.host, allowPrivateAddresses: allowPrivate)
        if let stored = job.stored, stored.hasValidators {
            request.conditional = ConditionalHeaders(etag: stored.etag, lastModified: stored.lastModified)
        }
        let response = await connector.fetch(request)
        options.logger.logRequest(job.url, response)
        health.record(response, host: job.host, now: WallClock.now())
        let outcome = builder.outcome(for: job, response: response, jobURL: url)
        pauseHostIfAsked(job.host, response: response, outcome: outcome)
        return (outcome, response.bytes)
    }

    /// 429 and 503 pause the whole host: for its Retry-After, or (429 without one) for the retry delay.
    private func pauseHostIfAsked(_ host: String, response: FetchResponse, outcome: JobOutcome) {
        guard response.failure == nil, let status = response.status, status == 429 || status == 503 else { return }
        var seconds = response.retryAfter ?? 0
        if seconds == 0, status == 429, case .retry(_, _, let notBefore) = outcome {
            seconds = notBefore - WallClock.now()
        }
        if seconds > 0 { connector.pause(host: host, seconds: min(seconds, options.maxRetryDelay)) }
    }

    static func page(error: String, at time: Double) -> PageRecord {
        PageRecord(fetchedAt: WallClock.iso8601(time), error: error)
    }
}
