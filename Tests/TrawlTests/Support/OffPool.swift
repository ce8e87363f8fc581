import Foundation

/// Runs blocking work (waiting for a child process, reading a pipe to its end, `poll(2)` on a socket) on a
/// thread of its own and awaits it, so that the test holds no thread of Swift's cooperative pool meanwhile.
///
/// The pool has one thread per core (two on a small CI machine), and every test of the suite runs on it:
/// one test blocked in `waitUntilExit` for seconds stalls the continuations of all the others, which then
/// miss wall-clock bounds they would meet on their own (see the README's "Robustness checks").
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "test-blocking-work"
        thread.start()
    }
}
