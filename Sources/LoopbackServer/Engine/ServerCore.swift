/// The running server: listener, stop signal, statistics and the accept thread.
///
/// Threads hold this object, not the public `LoopbackHTTPServer`, so that dropping the last reference to
/// the server runs its `deinit`, which stops everything.
final class ServerCore: Sendable {
    /// How long `stop()` waits for threads. Only a handler that never returns can make it wait that long.
    static let stopTimeout = 5.0

    let address: LoopbackAddress
    let port: UInt16
    let options: ServerOptions
    let handler: @Sendable (ServerRequest) -> ServerResponse
    let stopSignal: StopSignal
    let statistics = ServerStatistics()
    private let threads = ThreadTracker()
    private let listener: Socket

    init(
        address text: String,
        port requestedPort: UInt16,
        options: ServerOptions,
        handler: @escaping @Sendable (ServerRequest) -> ServerResponse
    ) throws(LoopbackServerError) {
        let address = try LoopbackAddress(text)
        do {
            stopSignal = try StopSignal()
            listener = try Socket.listening(on: address, port: requestedPort, backlog: options.backlog)
            port = try listener.localPort()
        } catch {
            throw .systemCall(
                function: error.function, code: error.code, message: error.message,
                address: text, port: requestedPort
            )
        }
        self.address = address
        self.options = options
        self.handler = handler
    }

    var isStopping: Bool { stopSignal.isFired }

    func start() {
        threads.spawn(name: "loopback-accept \(address.text):\(port)") { [self] in
            acceptConnections()
        }
    }

    /// Wakes every thread through the stop signal; each closes its own socket and returns. Idempotent,
    /// and every call waits, so whoever calls it knows the port and all connections are closed after.
    func stop() {
        stopSignal.fire()
        threads.waitForAll(timeout: Self.stopTimeout)
    }

    /// Accepts until stopped, one thread per connection.
    private func acceptConnections() {
        defer { listener.close() }
        while listener.wait(stop: stopSignal, timeout: nil) == .ready {
            switch listener.accept() {
            case .connection(let socket):
                let id = statistics.connectionOpened(socket)
                threads.spawn(name: "loopback-connection \(id)") { [self] in
                    var session = ConnectionSession(id: id, socket: socket, core: self)
                    session.run()
                }
            case .nothing:
                continue
            case .resourceShortage:
                // The listener stays readable; back off instead of spinning until descriptors free up.
                guard stopSignal.sleep(seconds: 0.05) else { return }
            case .listenerFailed:
                return
            }
        }
    }
}
