import TrawlFetch
import TrawlStore

/// The hosts this crawler leases, and until when it may send them requests: the crawler's half of the
/// lease rules (`LeaseTerms`), kept by the `JobDispenser` and mirrored into the connector's `LeaseFence`.
///
/// Every deadline is measured from when the claim or renewal that granted it was *sent*, so it always
/// falls before the lease's end in the database, however long the store took to answer.
struct HostLeaseBook {
    private struct Held {
        let token: Int64
        var servableUntil: Double
    }

    let terms: LeaseTerms
    private var held: [String: Held] = [:]

    init(terms: LeaseTerms) {
        self.terms = terms
    }

    var leases: [HostLease] { held.map { HostLease(host: $0.key, token: $0.value.token) } }

    /// Hosts held.
    var count: Int { held.count }

    func token(of host: String) -> Int64? { held[host]?.token }

    /// Whether a request to `host` may start at monotonic time `now`.
    func mayServe(_ host: String, now: Double) -> Bool { (held[host]?.servableUntil ?? 0) > now }

    /// The hosts granted by a claim sent at `sentAt`; returns the deadline to give the connector.
    mutating func granted(_ grants: [HostGrant], sentAt: Double) -> Double {
        let until = sentAt + terms.fenceAfter
        for grant in grants { held[grant.lease.host] = Held(token: grant.lease.token, servableUntil: until) }
        return until
    }

    /// The leases a renewal sent at `sentAt` extended: those still held under the same token. Returns the
    /// hosts extended and their new deadline.
    mutating func renewed(_ leases: [HostLease], sentAt: Double) -> (hosts: [String], until: Double) {
        let until = sentAt + terms.fenceAfter
        var hosts: [String] = []
        for lease in leases where held[lease.host]?.token == lease.token {
            held[lease.host]!.servableUntil = max(held[lease.host]!.servableUntil, until)
            hosts.append(lease.host)
        }
        return (hosts, until)
    }

    /// Forgets a host (handed back, or lost).
    mutating func remove(_ host: String) { held[host] = nil }

    /// The state to hand on with a renewal (pauses, intervals) or a hand-back (`handingBack`: as if a request
    /// had just started, since the last start is not tracked: the next holder waits one interval).
    static func state(of lease: HostLease, connector: Connector, handingBack: Bool) -> HostLeaseState {
        let politeness = connector.politenessState(of: lease.host)
        let delay = handingBack ? max(politeness.pauseRemaining, politeness.interval) : politeness.pauseRemaining
        return HostLeaseState(lease: lease, nextStartDelay: delay, minInterval: politeness.interval)
    }
}
