internal import Glibc

/// Waiting for SIGINT or SIGTERM with `sigwait(3)`.
///
/// The signals are blocked before any server thread exists (threads inherit the mask), so the main
/// thread's `sigwait` receives them synchronously and the process can stop the server and exit 0,
/// instead of dying inside a signal handler that may not call `stop()`.
enum TerminationSignals {
    private static func set() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        return signals
    }

    /// Blocks SIGINT and SIGTERM for the calling thread and every thread it starts afterwards.
    static func block() {
        var signals = set()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Returns the number of the first of them that arrives.
    static func wait() -> Int32 {
        var signals = set()
        var received: Int32 = 0
        _ = sigwait(&signals, &received)
        return received
    }
}
