/// How the server delivers a response: normally, or like a slow, hung or broken server.
///
/// Every behaviour ends when `LoopbackHTTPServer.stop()` is called: waits are `poll(2)`s that also watch
/// the server's stop signal, so no thread outlives the server.
public enum ResponseBehaviour: Sendable, Equatable {
    /// Head and body at once.
    case normal
    /// Waits this many seconds after reading the request, then answers normally (a slow server).
    case delay(Double)
    /// Reads the request, then sends nothing and holds the connection open until the client closes it or
    /// the server stops (a hung server: tests client timeouts).
    case neverRespond
    /// Sends the head, then the body one byte every `interval` seconds (a slow-loris server: tests
    /// total-time limits that a per-read timeout would miss).
    case trickle(interval: Double)
    /// Announces the full Content-Length, sends only the first `afterBytes` body bytes, then closes
    /// (a connection lost mid-body: the client must report a truncated transfer, not a short page).
    case closeMidBody(afterBytes: Int)
    /// Announces `extra` bytes more than the body, sends the body, then closes (a lying server).
    case lyingContentLength(extra: Int)
    /// Reads the request and closes without a byte of response (an empty reply).
    case closeWithoutResponse

    /// `.trickle` given as a rate: one byte every `1 / bytesPerSecond` seconds.
    public static func trickle(bytesPerSecond: Double) -> ResponseBehaviour {
        .trickle(interval: 1 / max(bytesPerSecond, 0.001))
    }
}
