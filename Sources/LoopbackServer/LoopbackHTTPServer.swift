/// A real HTTP/1.1 server on a loopback address, one thread per connection, for tests and the demo site.
///
/// It speaks over real TCP so that the crawler's own stack (libcurl, connection reuse, timeouts) is what
/// gets tested. Each address in 127.0.0.0/8 acts as a distinct host. Statistics let tests assert what
/// the server saw: connections open at once, requests in flight at once, arrival order and times.
///
/// ```swift
/// let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: Routes.site(["/": .html("hi")]))
/// defer { server.stop() }
/// // fetch server.url("/")
/// ```
///
/// `deinit` stops the server too, but a handler that captures the server keeps it alive: call `stop()`.
public final class LoopbackHTTPServer: Sendable {
    private let core: ServerCore

    /// Binds `address:port` (port 0: an ephemeral port, see `port`) and starts accepting.
    ///
    /// - Throws: `LoopbackServerError.notLoopback` for an address outside 127.0.0.0/8,
    ///   `.invalidAddress` for one that is not dotted IPv4, `.systemCall` if `bind(2)` or another socket
    ///   call fails (e.g. the port is in use).
    public init(
        address: String = "127.0.0.1",
        port: UInt16 = 0,
        options: ServerOptions = .init(),
        handler: @escaping @Sendable (ServerRequest) -> ServerResponse
    ) throws(LoopbackServerError) {
        core = try ServerCore(address: address, port: port, options: options, handler: handler)
        core.start()
    }

    deinit { core.stop() }

    /// The bound address, as given.
    public var address: String { core.address.text }
    /// The bound port (the kernel's choice when 0 was asked for).
    public var port: UInt16 { core.port }
    /// "http://127.0.0.2:PORT", without a trailing slash.
    public var baseURL: String { "http://\(address):\(port)" }

    /// `baseURL` + `path`; a missing leading "/" is added.
    public func url(_ path: String) -> String {
        path.hasPrefix("/") ? baseURL + path : baseURL + "/" + path
    }

    /// Closes the listener and every open connection, and waits (up to 5 s, only reached if a handler
    /// never returns) until all of the server's threads have returned. Idempotent; also run by `deinit`.
    public func stop() { core.stop() }

    /// TCP connections open now (accepted and not yet closed by either side).
    public var openConnections: Int { core.statistics.openConnections }
    /// The most TCP connections open at the same time since the start.
    public var maxConcurrentConnections: Int { core.statistics.maxConcurrentConnections }
    /// Connections accepted since the start.
    public var totalConnections: Int { core.statistics.totalConnections }
    /// The most requests being handled at the same time (from head received to response sent).
    public var maxConcurrentRequests: Int { core.statistics.maxConcurrentRequests }
    /// Every request head received, in arrival order.
    public var requestLog: [LoggedRequest] { core.statistics.requestLog }

    /// How many requests had exactly this target (query included).
    public func requestCount(path: String) -> Int { core.statistics.requestCount(path: path) }

    /// `CLOCK_MONOTONIC` seconds, the clock of `LoggedRequest.arrivalTime`.
    public static func monotonicNow() -> Double { MonotonicClock.now() }
}
