import DequeModule

/// Decides which waiting request may start now, so that no request is handed to curl before a total slot,
/// a per-host slot and the host's rate allow it.
///
/// Requests that wait in curl's own pending list have that wait counted against CURLOPT_TIMEOUT_MS, so
/// trawl keeps them here instead: `--timeout` then measures the network, not the queue. Hosts take turns
/// (round robin), so a slow or throttled host never holds back the others. Pure logic, no I/O: the
/// connector's loop calls it with the monotonic time.
struct HostScheduler<Item> {
    private struct HostState {
        var waiting = Deque<Item>()
        var inFlight = 0
        /// Monotonic time before which no request to this host may start (rate limit, or a pause).
        var nextStart = 0.0
        /// This host's own minimum interval between starts (robots.txt Crawl-delay), when stricter.
        var minimumInterval = 0.0
        var inRotation = false
    }

    let limit: Int
    let limitPerHost: Int
    /// Minimum seconds between two request starts to one host; 0 for none.
    let interval: Double
    private var hosts: [String: HostState] = [:]
    /// Hosts with waiting requests, in turn order.
    private var rotation = Deque<String>()
    private(set) var inFlight = 0
    private(set) var waiting = 0

    init(limit: Int, limitPerHost: Int, ratePerHost: Double?) {
        self.limit = max(1, limit)
        self.limitPerHost = limitPerHost
        self.interval = ratePerHost.map { $0 > 0 ? 1 / $0 : 0 } ?? 0
    }

    mutating func enqueue(_ item: Item, host: String) {
        hosts[host, default: HostState()].waiting.append(item)
        waiting += 1
        if !hosts[host]!.inRotation {
            hosts[host]!.inRotation = true
            rotation.append(host)
        }
    }

    /// The next request allowed to start at `now`, counted as in flight; nil when none may start yet.
    mutating func next(now: Double) -> (item: Item, host: String)? {
        guard inFlight < limit else { return nil }
        for _ in 0..<rotation.count {
            let host = rotation.removeFirst()
            // A host whose last waiting request was cancelled may have been forgotten meanwhile.
            guard var state = hosts[host] else { continue }
            guard !state.waiting.isEmpty else {
                state.inRotation = false
                hosts[host] = state
                continue
            }
            let hostFull = limitPerHost > 0 && state.inFlight >= limitPerHost
            if hostFull || now < state.nextStart {
                rotation.append(host)
                continue
            }
            let item = state.waiting.removeFirst()
            state.inFlight += 1
            state.nextStart = now + max(interval, state.minimumInterval)
            if state.waiting.isEmpty { state.inRotation = false } else { rotation.append(host) }
            hosts[host] = state
            waiting -= 1
            inFlight += 1
            return (item, host)
        }
        return nil
    }

    /// A request to `host` has finished: its slot is free.
    mutating func finished(host: String, now: Double) {
        guard var state = hosts[host] else { return }
        state.inFlight -= 1
        inFlight -= 1
        if state.inFlight == 0 && state.waiting.isEmpty && !state.inRotation && state.nextStart <= now
            && state.minimumInterval == 0 {
            hosts[host] = nil
        } else {
            hosts[host] = state
        }
        if hosts.count > 4_096 { forgetIdleHosts(now: now) }
    }

    /// No request to `host` starts before `until` (a 429/503 with Retry-After pauses the whole host).
    mutating func pause(host: String, until: Double) {
        hosts[host, default: HostState()].nextStart = max(hosts[host, default: HostState()].nextStart, until)
    }

    /// Spaces request starts to `host` at least `seconds` apart, when stricter than the rate for all hosts.
    mutating func setMinimumInterval(host: String, seconds: Double) {
        hosts[host, default: HostState()].minimumInterval = max(0, seconds)
    }

    /// Removes a waiting request (cancelled before it started).
    mutating func removeWaiting(host: String, where matches: (Item) -> Bool) -> Item? {
        guard var state = hosts[host], let index = state.waiting.firstIndex(where: matches) else { return nil }
        let item = state.waiting.remove(at: index)
        if state.waiting.isEmpty { state.inRotation = false; rotation.removeAll { $0 == host } }
        hosts[host] = state
        waiting -= 1
        return item
    }

    /// Every waiting request to `host`, removed (its lease ended).
    mutating func removeAllWaiting(host: String) -> [Item] {
        guard var state = hosts[host], !state.waiting.isEmpty else { return [] }
        let items = Array(state.waiting)
        state.waiting.removeAll()
        if state.inRotation { state.inRotation = false; rotation.removeAll { $0 == host } }
        hosts[host] = state
        waiting -= items.count
        return items
    }

    /// Every waiting request, removed (the connector is shutting down).
    mutating func removeAllWaiting() -> [Item] {
        var all: [Item] = []
        for host in hosts.keys {
            all += hosts[host]!.waiting
            hosts[host]!.waiting.removeAll()
            hosts[host]!.inRotation = false
        }
        rotation.removeAll()
        waiting = 0
        return all
    }

    /// The earliest monotonic time at which a host now held back only by its rate or a pause may start.
    func nextRateDeadline(now: Double) -> Double? {
        guard inFlight < limit else { return nil }
        var earliest: Double?
        for host in rotation {
            guard let state = hosts[host] else { continue }
            let hostFull = limitPerHost > 0 && state.inFlight >= limitPerHost
            if !state.waiting.isEmpty && !hostFull && state.nextStart > now {
                earliest = min(earliest ?? .infinity, state.nextStart)
            }
        }
        return earliest
    }

    /// Drops the state of hosts with nothing waiting or in flight whose rate interval has passed, so that
    /// memory does not grow with the number of hosts ever seen.
    private mutating func forgetIdleHosts(now: Double) {
        hosts = hosts.filter {
            !$0.value.waiting.isEmpty || $0.value.inFlight > 0 || $0.value.nextStart > now || $0.value.minimumInterval > 0
        }
    }
}
