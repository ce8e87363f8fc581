internal import Glibc

/// Seconds on `CLOCK_MONOTONIC` (`clock_gettime(2)`).
///
/// Request arrival times are compared across threads and against the test's own readings, so they come
/// from a clock that never jumps with the wall clock and that a test can read too
/// (`LoopbackHTTPServer.monotonicNow()`).
enum MonotonicClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
