import TrawlFetch
import TrawlRobots
import TrawlStore
import TrawlURLs

/// Decides, per origin, whether robots.txt lets a URL be fetched (RFC 9309), fetching robots.txt once per
/// origin through the shared connector (so its limits and rate apply) and caching it in the database for a
/// day, so that a resumed crawl does not fetch it again.
///
/// 4xx (other than 429) means no rules: everything allowed (§2.3.1.3). 5xx, 429 or no answer means
/// everything disallowed for now (§2.3.1.4): the host's jobs wait and robots.txt is tried again with
/// back-off; once this run's attempts are spent, the jobs fail with an error naming robots.txt.
actor RobotsGate {
    enum Verdict: Sendable, Equatable {
        case allowed
        /// robots.txt disallows the URL.
        case disallowed
        /// robots.txt is unreachable for now: try the job again at `until`.
        case wait(until: Double, reason: String)
        /// robots.txt stayed unreachable through every attempt, or could not be asked at all.
        case refused(reason: String)
    }

    /// What is known of one origin's robots.txt.
    private enum Knowledge: Sendable {
        case known(RobotsRules, fetchedAt: Double)
        /// `failure` says why, in the words of the request that failed (its kind first: "DNS", "connect",
        /// "HTTP 503"), so that the host's pages count under the real cause, not under robots.txt.
        case unreachable(failures: Int, retryAt: Double, failure: FetchFailure)
    }

    private enum Entry {
        case settled(Knowledge)
        /// A fetch under way: other jobs of the origin wait for it instead of fetching again.
        case fetching(Task<Knowledge, Never>)
    }

    private let connector: Connector
    private let store: any CrawlStore
    private let options: CrawlOptions
    private let userAgentToken: String
    private var entries: [String: Entry] = [:]

    /// A cached robots.txt older than this is fetched again (RFC 9309 §2.4: no more than 24 hours).
    static let maxAge = 86_400.0
    /// RFC 9309 §2.5: parse at least 500 KiB.
    static let maxBytes = 512_000
    /// RFC 9309 §2.3.1.2: follow at least five redirects.
    static let maxRedirects = 5

    init(connector: Connector, store: any CrawlStore, options: CrawlOptions) {
        self.connector = connector
        self.store = store
        self.options = options
        self.userAgentToken = options.robotsToken
    }

    func verdict(for url: NormalizedURL, allowPrivate: Bool) async -> Verdict {
        let now = WallClock.now()
        var previous: Knowledge?
        switch entries[url.origin] {
        case .settled(.known(let rules, let fetchedAt)) where now - fetchedAt < Self.maxAge:
            return rules.allows(url.pathAndQuery) ? .allowed : .disallowed
        case .fetching(let task):
            return Self.verdict(await task.value, for: url, now: WallClock.now(), retries: options.retries)
                ?? .wait(until: now, reason: "robots.txt expired")
        case .settled(let knowledge):
            if let verdict = Self.verdict(knowledge, for: url, now: now, retries: options.retries) {
                return verdict
            }
            previous = knowledge
        case nil:
            break
        }
        let task = Task { await self.load(url, allowPrivate: allowPrivate, previous: previous) }
        entries[url.origin] = .fetching(task)
        let knowledge = await task.value
        entries[url.origin] = .settled(knowledge)
        return Self.verdict(knowledge, for: url, now: WallClock.now(), retries: options.retries)
            ?? .wait(until: now, reason: "robots.txt expired")
    }

    /// The verdict `knowledge` gives, or nil when it is stale and robots.txt must be fetched again.
    private static func verdict(_ knowledge: Knowledge, for url: NormalizedURL, now: Double, retries: Int) -> Verdict? {
        switch knowledge {
        case .known(let rules, let fetchedAt):
            guard now - fetchedAt < maxAge else { return nil }
            return rules.allows(url.pathAndQuery) ? .allowed : .disallowed
        case .unreachable(let failures, let retryAt, let failure):
            if failure.kind == .privateAddress || failure.kind == .cancelled {
                return .refused(reason: failure.message)
            }
            // A refused certificate will be refused again: no back-off, the host's jobs fail at once under
            // the TLS cause ("TLS certificate expired"), not under robots.txt.
            if failure.kind == .tls { return .refused(reason: failure.message(context: "fetching robots.txt")) }
            if failures > retries {
                let attempts = failures == 1 ? "" : ", after \(failures) attempts"
                return .refused(reason: failure.message(context: "fetching robots.txt" + attempts))
            }
            return now < retryAt ? .wait(until: retryAt, reason: failure.message(context: "fetching robots.txt")) : nil
        }
    }

    /// The database's copy when fresh, else a fetch.
    private func load(_ url: NormalizedURL, allowPrivate: Bool, previous: Knowledge?) async -> Knowledge {
        let previousFailures: Int
        if case .unreachable(let failures, _, _) = previous { previousFailures = failures } else {
            previousFailures = 0
            if let cached = try? await store.robots(for: url.origin), WallClock.now() - cached.fetchedAt < Self.maxAge,
               let status = cached.status {
                return known(status: status, body: cached.body ?? [], fetchedAt: cached.fetchedAt, host: url.hostKey)
            }
        }
        let request = FetchRequest(
            url: url.origin + "/robots.txt", hostKey: url.hostKey, allowPrivateAddresses: allowPrivate,
            maxRedirects: Self.maxRedirects, truncateBodyAt: Self.maxBytes, keepsAnyBody: true)
        let response = await connector.fetch(request)
        options.logger.logRequest(request.url, response)
        let now = WallClock.now()
        if let failure = response.failure, failure.kind != .redirects {
            if failure.kind == .privateAddress || failure.kind == .cancelled || failure.kind == .tls {
                return .unreachable(failures: options.retries + 1, retryAt: now, failure: failure)
            }
            return unreachable(after: previousFailures, failure: failure)
        }
        // More than five redirects: RFC 9309 §2.3.1.2 lets a crawler treat robots.txt as unavailable (4xx).
        let status = response.failure == nil ? (response.status ?? 0) : 404
        if status == 429 || status >= 500 {
            return unreachable(after: previousFailures, failure: FetchFailure(.network, "HTTP \(status)"))
        }
        let record = RobotsRecord(origin: url.origin, fetchedAt: now, status: status, body: response.body, error: nil)
        try? await store.saveRobots(record)
        return known(status: status, body: response.body, fetchedAt: now, host: url.hostKey)
    }

    private func known(status: Int, body: [UInt8], fetchedAt: Double, host: String) -> Knowledge {
        let rules = (200..<300).contains(status)
            ? RobotsRules(parsing: body, userAgent: userAgentToken, maxBytes: Self.maxBytes)
            : RobotsRules.allowAll
        applyCrawlDelay(rules.crawlDelay, host: host)
        return .known(rules, fetchedAt: fetchedAt)
    }

    private func unreachable(after failures: Int, failure: FetchFailure) -> Knowledge {
        let delay = options.retryDelay * Double(1 << min(failures, 16)) * Double.random(in: 0.5...1.5)
        return .unreachable(failures: failures + 1, retryAt: WallClock.now() + min(delay, options.maxRetryDelay),
                            failure: failure)
    }

    /// Crawl-delay becomes the host's minimum interval when stricter than `--rate-per-host`; capped, so
    /// that a site asking for an hour between pages does not stall the crawl forever.
    private func applyCrawlDelay(_ delay: Double?, host: String) {
        guard let delay, delay > 0 else { return }
        let rateInterval = options.connector.ratePerHost.map { $0 > 0 ? 1 / $0 : 0 } ?? 0
        let interval = min(delay, CrawlOptions.maxCrawlDelay)
        if interval > rateInterval { connector.setMinimumInterval(interval, forHost: host) }
    }
}
