import Foundation

/// Starts the server's threads and lets `stop()` wait until they have all returned.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
final class ThreadTracker: @unchecked Sendable {
    private let condition = NSCondition()
    private var running = 0
    /// `pthread_self()` of each running thread, so that a `stop()` called from a handler does not wait
    /// for its own thread.
    private var identities: Set<pthread_t> = []

    /// Runs `body` on a new thread, counted from before it starts so that a wait cannot miss it.
    func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        condition.lock()
        running += 1
        condition.unlock()
        let thread = Thread { [self] in
            condition.lock()
            identities.insert(pthread_self())
            condition.unlock()
            body()
            condition.lock()
            identities.remove(pthread_self())
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits until every thread but the caller's own has returned, or `timeout` seconds pass.
    /// Returns whether they all returned.
    @discardableResult
    func waitForAll(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        let own = identities.contains(pthread_self()) ? 1 : 0
        while running > own {
            if !condition.wait(until: deadline) { return running <= own }
        }
        return true
    }
}
