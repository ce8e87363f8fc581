/// The rules of host leases, written once for every store: how long a lease lasts, how often it is renewed,
/// and when a holder that could not renew must stop its own requests (self-fencing).
///
/// A host is leased to one crawler process at a time, and only its holder claims the host's jobs, so the
/// per-host bounds that each process enforces in memory (`HostScheduler`: requests in flight, connections,
/// start spacing, pauses) hold for the whole crawl. A lease ends `timeout` seconds after the store last
/// renewed it (store time); the holder measures on its own monotonic clock from when it *sent* the renewal,
/// and stops every request to the host `margin` seconds before that, so that its last request to a host
/// always comes before another crawler may take the host over (design notes, SCALE-OUT-NOTES §3).
public struct LeaseTerms: Sendable, Hashable {
    /// Seconds a lease lasts after its last renewal; also how long a silent crawler keeps its jobs.
    public var timeout: Double

    public init(timeout: Double = 30) {
        self.timeout = max(0.5, timeout)
    }

    /// Seconds before the end of a lease at which its holder stops its requests: a fifth of the timeout, so
    /// that a renewal delayed by a busy machine or database still leaves room, and clock rates that differ
    /// slightly (another machine's database clock) cannot make two holders overlap.
    public var margin: Double { timeout / 5 }
    /// How long after sending a renewal (or a claim that granted the lease) its holder may still start
    /// requests to the host.
    public var fenceAfter: Double { timeout - margin }
    /// How often the holder renews: four renewals fit before it would have to stop.
    public var renewEvery: Double { min(2, fenceAfter / 4) }
}

/// A host leased to this crawler: `token` is the grant's fencing token, so that a hand-back or renewal
/// touches only the grant it was given, never a later one.
public struct HostLease: Sendable, Hashable {
    public let host: String
    public let token: Int64

    public init(host: String, token: Int64) {
        self.host = host
        self.token = token
    }
}

/// A host's politeness state as its holder hands it on (renewal or hand-back), in seconds relative to now,
/// so that crawlers never compare clocks: the store converts to its own time.
public struct HostLeaseState: Sendable, Hashable {
    public let lease: HostLease
    /// No request to the host may start before this many seconds from now (a Retry-After pause, or the
    /// interval since the holder's last request).
    public let nextStartDelay: Double
    /// The holder's seconds between request starts to this host (`--rate-per-host`, or a stricter
    /// robots.txt Crawl-delay): a crawler taking the host over after the lease expired waits this long past
    /// the expiry, since the dead holder's last start is not known.
    public let minInterval: Double

    public init(lease: HostLease, nextStartDelay: Double, minInterval: Double) {
        self.lease = lease
        self.nextStartDelay = max(0, nextStartDelay)
        self.minInterval = max(0, minInterval)
    }
}

/// A host newly leased by a claim.
public struct HostGrant: Sendable, Hashable {
    public let lease: HostLease
    /// Seconds from now before the first request to the host: the previous holder's spacing or pause.
    public let startDelay: Double

    public init(lease: HostLease, startDelay: Double) {
        self.lease = lease
        self.startDelay = startDelay
    }
}

/// What a claim gave: jobs, the hosts it leased anew, and the hosts the caller believed it held but no
/// longer does (its lease expired and another crawler took the host: drop their jobs, send nothing more).
public struct ClaimResult: Sendable {
    public var jobs: [ClaimedJob]
    public var granted: [HostGrant]
    public var lost: [String]

    public init(jobs: [ClaimedJob] = [], granted: [HostGrant] = [], lost: [String] = []) {
        self.jobs = jobs
        self.granted = granted
        self.lost = lost
    }
}

/// What a renewal found: whether the crawler is still registered, and which hosts it lost.
public struct LeaseRenewal: Sendable, Equatable {
    public var crawlerAlive: Bool
    public var lost: [String]

    public init(crawlerAlive: Bool, lost: [String] = []) {
        self.crawlerAlive = crawlerAlive
        self.lost = lost
    }
}
