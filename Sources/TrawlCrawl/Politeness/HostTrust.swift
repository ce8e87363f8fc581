import TrawlStore

/// Which jobs may reach private addresses: every job with `--allow-private`, URLs a user enqueued, and
/// jobs of a host the user enqueued some URL of (they chose to crawl that site, wherever it is). Links
/// discovered on other hosts may not, so that a public page cannot steer the crawler to loopback, the
/// LAN or a cloud metadata endpoint.
actor HostTrust {
    private let store: any CrawlStore
    private let allowAll: Bool
    private var enqueuedHosts: [String: Bool] = [:]

    init(store: any CrawlStore, allowPrivate: Bool) {
        self.store = store
        self.allowAll = allowPrivate
    }

    func allowsPrivateAddresses(_ job: ClaimedJob) async -> Bool {
        if allowAll || job.parentID == nil { return true }
        if let known = enqueuedHosts[job.host] { return known }
        let enqueued = (try? await store.hostWasEnqueued(job.host)) ?? false
        if enqueuedHosts.count > 10_000 { enqueuedHosts.removeAll() }
        enqueuedHosts[job.host] = enqueued
        return enqueued
    }
}
