import TrawlFetch
import TrawlSync

/// A circuit breaker per host: after `breakerThreshold` requests in a row fail to connect (refused,
/// unresolvable, timed out), the host's remaining jobs fail fast with a clear error instead of each one
/// waiting out its timeouts: the last failure's own kind first ("connect: connection refused (not tried: the
/// last 5 requests to this host failed; curl: …)"), so that they count under the real cause. After
/// `breakerCooldown` seconds one request probes the host again; any
/// response (whatever its status) closes the breaker, so a host with some bad pages keeps its good ones.
///
/// A lock, not an actor: every page asks it twice, and a dictionary lookup under a mutex costs less than
/// two hops to an actor's executor.
final class HostHealth: Sendable {
    private struct State {
        var consecutiveFailures = 0
        var lastFailure = FetchFailure(.connect, "")
        var openedAt: Double?
        var probing = false
    }

    private let threshold: Int
    private let cooldown: Double
    private let hosts = ThreadLock<[String: State]>([:])

    init(threshold: Int, cooldown: Double) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Why a request to `host` must not be made now, or nil when it may (possibly as the probe).
    func refusal(for host: String, now: Double) -> String? {
        let cooldown = self.cooldown
        return hosts.withLock { hosts -> String? in
            guard var state = hosts[host], let openedAt = state.openedAt else { return nil }
            if now - openedAt >= cooldown && !state.probing {
                state.probing = true
                hosts[host] = state
                return nil
            }
            // The cause first, as the requests that failed said it: these pages count under it.
            return state.lastFailure.message(
                context: state.consecutiveFailures == 1 ? "not tried: the last request to this host failed"
                    : "not tried: the last \(state.consecutiveFailures) requests to this host failed")
        }
    }

    /// Counts the outcome of a request to `host`.
    func record(_ response: FetchResponse, host: String, now: Double) {
        guard let failure = response.failure else {
            if response.status != nil { hosts.withLock { if !$0.isEmpty { $0[host] = nil } } }
            return
        }
        guard [.connect, .resolve, .timeout].contains(failure.kind) else { return }
        let threshold = self.threshold
        hosts.withLock { hosts in
            var state = hosts[host] ?? State()
            state.consecutiveFailures += 1
            state.lastFailure = failure
            state.probing = false
            if state.consecutiveFailures >= threshold { state.openedAt = now }
            hosts[host] = state
        }
    }
}
