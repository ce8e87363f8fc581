#if canImport(Glibc)
internal import Glibc
#endif

/// A value guarded by a `pthread_mutex_t`: the project's one lock, used by trawl and by the test server
/// instead of `Synchronization.Mutex`.
///
/// Why not `Mutex`: on Linux a contended `Mutex` is handed over inside the kernel (`FUTEX_LOCK_PI` /
/// `FUTEX_UNLOCK_PI`, called from the uninstrumented Swift runtime), so ThreadSanitizer sees no
/// happens-before edge between two critical sections of the same lock and reports a "Swift access race"
/// that cannot happen (two threads changing a dictionary only inside `withLock` reproduce it; the same
/// program with `pthread_mutex_lock(3)` runs clean). TSan intercepts `pthread_mutex_lock(3)` /
/// `pthread_mutex_unlock(3)`, so with this lock every race it reports is a real one
/// (`scripts/sanitize.sh thread`). Uncontended, both are one atomic instruction in user space.
///
/// The API is `Mutex`'s: `init` and `withLock` take and give values as `sending`, so the compiler checks
/// that no non-Sendable state escapes the lock, exactly as it does for `Mutex`.
public final class ThreadLock<Value: ~Copyable>: @unchecked Sendable {
    // @unchecked: `value` is only read or written between pthread_mutex_lock and pthread_mutex_unlock, and
    // `sending` on the way in and out keeps non-Sendable values from being shared around the lock.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    public init(_ initialValue: consuming sending Value) {
        value = initialValue
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock. `body` must not take the lock again (a
    /// default pthread mutex is not recursive: it would deadlock).
    @inlinable
    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        lock()
        defer { unlock() }
        return try body(&value)
    }

    @usableFromInline
    func lock() { pthread_mutex_lock(mutex) }

    @usableFromInline
    func unlock() { pthread_mutex_unlock(mutex) }
}
