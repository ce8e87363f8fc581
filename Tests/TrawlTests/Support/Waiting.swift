import Foundation

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass (stretched under a sanitizer:
/// `Sanitizer.scaled`); returns whether it held.
///
/// It sleeps with `Task.sleep`, not `usleep`: the tests run in parallel on Swift's cooperative pool, which has
/// one thread per core, and a test that blocks a thread while it waits starves the crawls of the others.
func eventually(timeout: Double = 10, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(Sanitizer.scaled(timeout))
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// Waits, without holding a thread of the cooperative pool, until `process` exits or `timeout` seconds
/// pass; returns whether it exited.
func exited(_ process: Process, timeout: Double) async throws -> Bool {
    try await eventually(timeout: timeout) { !process.isRunning }
}
