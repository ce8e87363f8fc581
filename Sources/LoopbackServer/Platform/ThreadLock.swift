internal import Glibc

/// A value guarded by a `pthread_mutex_t`, used by the test server instead of `Synchronization.Mutex`.
///
/// Why not `Mutex`: on Linux, a contended `Mutex` is handed over inside the kernel (`FUTEX_LOCK_PI` /
/// `FUTEX_UNLOCK_PI`, called from the uninstrumented Swift runtime), so ThreadSanitizer sees no
/// happens-before edge between the two critical sections and reports a "Swift access race" that cannot
/// happen (`scripts/sanitize.sh thread`). TSan intercepts `pthread_mutex_lock(3)`/`pthread_mutex_unlock(3)`,
/// so with this lock a race it reports in the server's state is a real one. The server's counters are
/// what the tests' assertions rest on, so they must be checkable by TSan.
final class ThreadLock<Value>: @unchecked Sendable {
    // @unchecked: `value` is only read or written between pthread_mutex_lock and pthread_mutex_unlock.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock; `body` must not let the reference escape.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
