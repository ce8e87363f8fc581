/// How a `LoopbackHTTPServer` treats connections; the defaults behave like a typical HTTP/1.1 server.
public struct ServerOptions: Sendable {
    /// Keep connections open between requests (RFC 9112 §9.3). `false`: every response carries
    /// `Connection: close` and the server closes after it, to test clients against servers without reuse.
    public var keepAlive: Bool
    /// Seconds a connection may wait for its next request before the server closes it, silently, as
    /// nginx's `keepalive_timeout` does; `nil` waits until the client closes or the server stops.
    /// Lets tests check that a client copes with a pooled connection the server already dropped.
    public var idleTimeout: Double?
    /// `listen(2)` backlog: connections the kernel completes before the server accepts them.
    public var backlog: Int32

    public init(keepAlive: Bool = true, idleTimeout: Double? = nil, backlog: Int32 = 128) {
        self.keepAlive = keepAlive
        self.idleTimeout = idleTimeout
        self.backlog = backlog
    }
}
