import Glibc

/// Bounded polling for state that another thread updates (a server noticing a closed connection).
enum LoopbackServerWaiting {
    /// Checks `condition` every 10 ms for at most `timeout` seconds; returns its last value.
    static func until(timeout: Double = 2, _ condition: () -> Bool) -> Bool {
        let deadline = RawHTTPClient.now() + timeout
        while RawHTTPClient.now() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}
