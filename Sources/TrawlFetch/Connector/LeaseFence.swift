/// Which hosts the connector may send requests to, and until when: the self-fencing half of host leases.
///
/// A crawler sharing its queue with other processes serves only the hosts it leases, and must stop its own
/// requests to a host before the lease can expire in the database, even if it cannot reach the database to
/// learn so (SCALE-OUT-NOTES §3). The deadlines are monotonic times set by the crawl from when it sent the
/// claim or renewal that granted the lease; this type lives on the connector's thread, which checks it
/// before handing anything to curl. Pure logic, no I/O. Inactive (every host allowed) until a first grant,
/// so a connector used without leases behaves as before.
struct LeaseFence {
    private var deadlines: [String: Double] = [:]
    private var earliest = Double.infinity
    private(set) var isActive = false

    /// `hosts` may be served until `until` (monotonic seconds).
    mutating func grant(_ hosts: [String], until: Double) {
        isActive = true
        for host in hosts { deadlines[host] = until }
        earliest = min(earliest, until)
    }

    /// `hosts` are served no more (handed back, or lost).
    mutating func revoke(_ hosts: [String]) {
        for host in hosts { deadlines[host] = nil }
    }

    /// Whether a request to `host` may start now.
    func allows(_ host: String, now: Double) -> Bool {
        guard isActive else { return true }
        guard let deadline = deadlines[host] else { return false }
        return now < deadline
    }

    /// Removes and returns the hosts whose lease ran out by `now`: their requests must stop. Cheap when
    /// none did (the usual case: one comparison).
    mutating func expire(now: Double) -> [String] {
        guard now >= earliest else { return [] }
        let expired = deadlines.filter { $0.value <= now }.map(\.key)
        for host in expired { deadlines[host] = nil }
        earliest = deadlines.values.min() ?? .infinity
        return expired
    }
}
