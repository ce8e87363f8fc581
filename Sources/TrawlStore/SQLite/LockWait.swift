internal import CSQLite
import TrawlSync
#if canImport(Glibc)
import Glibc
#endif

/// How long a connection has been waiting for another program's lock, and when it gives up.
///
/// SQLite calls `sqlite3_busy_handler`'s callback each time a lock it needs is held elsewhere; the callback
/// sleeps and retries, or returns 0 to fail with SQLITE_BUSY. `sqlite3_busy_timeout` does the same silently;
/// this one also records the wait, so that the crawl can say what it is waiting for ("waiting for the
/// database lock held by another program, 35 s") instead of going quiet for minutes.
final class LockWait: Sendable {
    /// Seconds of waiting after which the operation fails with SQLITE_BUSY.
    var giveUpAfter: Double {
        get { state.withLock { $0.giveUpAfter } }
        set { state.withLock { $0.giveUpAfter = newValue } }
    }

    private struct State {
        var giveUpAfter: Double
        var since: Double?
        var lastRetry = -Double.infinity
    }
    private let state: ThreadLock<State>

    /// Longest sleep between two tries: short enough that a released lock is taken within a tick.
    private static let longestSleepMilliseconds: Int32 = 50

    init(giveUpAfter: Double) {
        state = ThreadLock(State(giveUpAfter: giveUpAfter))
    }

    /// Seconds this connection has been waiting for a lock, nil when it is not waiting now. A wait is over
    /// when no retry came for a while (SQLite does not tell the handler that it got the lock).
    var current: Double? {
        let now = Self.now()
        return state.withLock { state in
            // `ended()` closes a wait; as a fallback (a wait in a statement other than BEGIN), retries come at
            // most `longestSleepMilliseconds` apart while it lasts, so a second without one means it is over.
            guard let since = state.since, now - state.lastRetry < 1 else { return nil }
            return now - since
        }
    }

    /// The statement that waited has its lock, or has failed: the wait is over.
    func ended() {
        state.withLock { $0.since = nil }
    }

    /// One call of the busy handler: `attempt` counts from 0 for each new wait. Returns whether to retry
    /// (after a sleep) or give up.
    fileprivate func retry(attempt: Int32) -> Bool {
        let now = Self.now()
        let (waited, giveUpAfter) = state.withLock { state -> (Double, Double) in
            if attempt == 0 || state.since == nil { state.since = now }
            state.lastRetry = now
            return (now - state.since!, state.giveUpAfter)
        }
        if waited >= giveUpAfter {
            state.withLock { $0.since = nil }
            return false
        }
        // SQLite's own busy_timeout sleeps 1, 2, 5, 10 … 100 ms; capping at 50 ms keeps the hand-over quick.
        let delays: [Int32] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50]
        let delay = attempt < delays.count ? delays[Int(attempt)] : Self.longestSleepMilliseconds
        let left = Int32(max(1, ((giveUpAfter - waited) * 1000).rounded(.up)))
        sqlite3_sleep(min(delay, left))  // on the store's own queue, never on Swift's cooperative pool
        return true
    }

    /// Installs `wait` as the busy handler of `handle`; the caller keeps `wait` alive as long as `handle`.
    static func install(_ wait: LockWait, on handle: OpaquePointer) {
        let context = Unmanaged.passUnretained(wait).toOpaque()
        sqlite3_busy_handler(handle, { context, attempt in
            guard let context else { return 0 }
            return Unmanaged<LockWait>.fromOpaque(context).takeUnretainedValue().retry(attempt: attempt) ? 1 : 0
        }, context)
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
