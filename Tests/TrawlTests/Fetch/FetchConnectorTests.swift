import LoopbackServer
import Testing
@testable import TrawlFetch

@Suite("Fetch: the shared connector against real loopback servers")
struct FetchConnectorTests {
    static func options(_ change: (inout ConnectorOptions) -> Void = { _ in }) -> ConnectorOptions {
        var options = ConnectorOptions()
        options.timeout = 10
        change(&options)
        return options
    }

    /// Fetches every URL concurrently through one connector.
    static func fetchAll(_ connector: Connector, _ urls: [(String, String)]) async -> [FetchResponse] {
        await withTaskGroup(of: (Int, FetchResponse).self) { group in
            for (index, (url, host)) in urls.enumerated() {
                group.addTask { (index, await connector.fetch(FetchRequest(url: url, hostKey: host))) }
            }
            var responses = [FetchResponse?](repeating: nil, count: urls.count)
            for await (index, response) in group { responses[index] = response }
            return responses.map { $0! }
        }
    }

    static func hostKey(_ server: LoopbackHTTPServer) -> String { "\(server.address):\(server.port)" }

    @Test("total and per-host limits hold, as the servers count connections and requests")
    func connectionLimits() async throws {
        let gauge = ConcurrencyGauge()
        let handler: @Sendable (ServerRequest) -> ServerResponse = { _ in
            gauge.measure(for: 0.05)
            return .html("<title>x</title>")
        }
        let servers = try ["127.0.0.2", "127.0.0.3", "127.0.0.4"].map {
            try LoopbackHTTPServer(address: $0, handler: handler)
        }
        defer { servers.forEach { $0.stop() } }
        let connector = try Connector(options: Self.options { $0.limit = 4; $0.limitPerHost = 2 })
        defer { connector.shutdown() }
        let urls = servers.flatMap { server in (0..<12).map { (server.url("/p\($0)"), Self.hostKey(server)) } }
        let responses = await Self.fetchAll(connector, urls)
        #expect(responses.allSatisfy { $0.status == 200 && $0.failure == nil })
        for server in servers {
            #expect(server.maxConcurrentConnections <= 2, "\(server.address)")
            #expect(server.maxConcurrentRequests >= 1)
        }
        #expect(gauge.peak <= 4, "requests in flight across hosts")
        #expect(gauge.peak >= 2, "the limit is used, not serialized")
        #expect(servers.map(\.requestLog.count).reduce(0, +) == 36)
        // The loop publishes its load once per pass, just after answering the last transfers.
        #expect(try await eventually(timeout: 2) { connector.load == ConnectorLoad(waiting: 0, inFlight: 0) })
    }

    @Test("request starts to one host are evenly spaced by --rate-per-host")
    func ratePerHost() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.5", handler: Routes.site([:], notFound: .html("ok")))
        defer { server.stop() }
        let interval = Sanitizer.scaled(0.25)  // jitter grows under a sanitizer: so does the spacing
        let connector = try Connector(options: Self.options { $0.ratePerHost = 1 / interval })
        defer { connector.shutdown() }
        let urls = (0..<6).map { (server.url("/r\($0)"), Self.hostKey(server)) }
        _ = await Self.fetchAll(connector, urls)
        let arrivals = server.requestLog.map(\.arrivalTime).sorted()
        #expect(arrivals.count == 6)
        // Starts are 0.25 s apart; arrivals at the server add the scheduler's jitter, which on a loaded
        // machine reaches a hundred milliseconds or more for one request (a server thread that runs late
        // shortens one gap and lengthens the next). So: the run takes at least four of its five intervals,
        // and at most one gap is short (a burst would make them all near 0).
        let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
        #expect((arrivals.last ?? 0) - (arrivals.first ?? 0) >= 4 * interval, "gaps \(gaps)")
        #expect(gaps.filter { $0 < interval / 2 }.count <= 1, "gaps \(gaps)")
    }

    @Test("keep-alive connections are reused; --force-close opens one per request")
    func keepAliveAndForceClose() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.6", handler: Routes.site([:], notFound: .html("ok")))
        defer { server.stop() }
        // Idle connections kept far longer than the test takes, however slow the machine: reuse must not
        // depend on how soon the next request comes.
        let reusing = try Connector(options: Self.options { $0.keepaliveTimeout = 600 })
        for n in 0..<8 {
            let response = await reusing.fetch(FetchRequest(url: server.url("/k\(n)"), hostKey: Self.hostKey(server)))
            #expect(response.status == 200)
        }
        reusing.shutdown()
        #expect(server.totalConnections == 1)

        let closing = try Connector(options: Self.options { $0.forceClose = true })
        for n in 0..<5 {
            let response = await closing.fetch(FetchRequest(url: server.url("/f\(n)"), hostKey: Self.hostKey(server)))
            #expect(response.status == 200)
        }
        closing.shutdown()
        #expect(server.totalConnections == 1 + 5)
    }

    @Test("a server closing an idle keep-alive connection does not fail the next request")
    func serverClosesIdleConnection() async throws {
        let server = try LoopbackHTTPServer(
            address: "127.0.0.7", options: ServerOptions(idleTimeout: 0.1),
            handler: Routes.site([:], notFound: .html("ok")))
        defer { server.stop() }
        let connector = try Connector(options: Self.options())
        defer { connector.shutdown() }
        let first = await connector.fetch(FetchRequest(url: server.url("/1"), hostKey: Self.hostKey(server)))
        try await Task.sleep(for: .milliseconds(400))  // the server has closed the idle connection by now
        let second = await connector.fetch(FetchRequest(url: server.url("/2"), hostKey: Self.hostKey(server)))
        #expect(first.status == 200 && second.status == 200 && second.failure == nil)
        #expect(server.totalConnections == 2)
    }

    @Test("redirects: a chain is followed to its final URL; a loop fails saying so")
    func redirects() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.8", handler: Routes.site([
            "/a": .redirect(to: "/b"), "/b": .redirect(to: "/c", status: 302), "/c": .html("<title>c</title>"),
            "/loop1": .redirect(to: "/loop2"), "/loop2": .redirect(to: "/loop1"),
        ]))
        defer { server.stop() }
        let connector = try Connector(options: Self.options())
        defer { connector.shutdown() }
        let chain = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: Self.hostKey(server)))
        #expect(chain.status == 200 && chain.finalURL == server.url("/c") && chain.redirects == 2)
        #expect(String(decoding: chain.body, as: UTF8.self) == "<title>c</title>")
        let loop = await connector.fetch(FetchRequest(url: server.url("/loop1"), hostKey: Self.hostKey(server)))
        #expect(loop.failure?.kind == .redirects)
        #expect(loop.failure?.message.contains("redirect") == true)
    }

    @Test("--max-bytes aborts a larger body; non-HTML bodies are counted, not kept")
    func bodyBounds() async throws {
        let big = [UInt8](repeating: 0x61, count: 300_000)
        let server = try LoopbackHTTPServer(address: "127.0.0.9", handler: Routes.site([
            "/big.html": .bytes(big, contentType: "text/html"),
            "/image.png": .bytes([UInt8](repeating: 1, count: 50_000), contentType: "image/png"),
        ]))
        defer { server.stop() }
        let connector = try Connector(options: Self.options { $0.maxBytes = 100_000 })
        defer { connector.shutdown() }
        let tooBig = await connector.fetch(FetchRequest(url: server.url("/big.html"), hostKey: Self.hostKey(server)))
        #expect(tooBig.failure?.kind == .tooLarge)
        #expect(tooBig.failure?.isRetryable == false)
        let image = await connector.fetch(FetchRequest(url: server.url("/image.png"), hostKey: Self.hostKey(server)))
        #expect(image.status == 200 && image.bytes == 50_000 && image.body.isEmpty)
        #expect(image.contentType == "image/png")
    }

    @Test("a server that never answers times out within --timeout; the wait in the queue is not counted")
    func timeouts() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.10", handler: Routes.site([
            "/hang": ServerResponse.html("never").delivered(.neverRespond),
            "/slowish": ServerResponse.html("ok").delivered(.delay(Sanitizer.scaled(0.2))),
        ]))
        defer { server.stop() }
        // 0.5 s and 0.2 s on a normal build; both stretched alike under a sanitizer.
        let timeout = Sanitizer.scaled(0.5)
        let connector = try Connector(options: Self.options { $0.timeout = timeout; $0.limitPerHost = 1 })
        defer { connector.shutdown() }
        let started = MonotonicClock.now()
        let hang = await connector.fetch(FetchRequest(url: server.url("/hang"), hostKey: Self.hostKey(server)))
        #expect(hang.failure?.kind == .timeout)
        // curl's own clock on the connector thread: the timeout, not more; the test's clock: far below a hang.
        #expect(hang.elapsed <= timeout + 1, "curl measured \(hang.elapsed) s")
        #expect(MonotonicClock.now() - started < 40 * timeout, "bounded (generous: test machines are shared)")
        // Four 0.2 s requests through one per-host slot: the last waits 0.6 s in the queue, more than the
        // 0.5 s timeout, and must still succeed.
        let urls = (0..<4).map { _ in (server.url("/slowish"), Self.hostKey(server)) }
        let responses = await Self.fetchAll(connector, urls)
        #expect(responses.allSatisfy { $0.status == 200 }, "\(responses.map { $0.failure?.message ?? "ok" })")
    }

    @Test("cancelling the task aborts its request")
    func cancellation() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.11", handler: Routes.site([
            "/hang": ServerResponse.html("never").delivered(.neverRespond),
        ]))
        defer { server.stop() }
        // A timeout far beyond the bound below, under a sanitizer's slowdown too.
        let connector = try Connector(options: Self.options { $0.timeout = Sanitizer.scaled(30) })
        defer { connector.shutdown() }
        let task = Task { await connector.fetch(FetchRequest(url: server.url("/hang"), hostKey: Self.hostKey(server))) }
        try await Task.sleep(for: .milliseconds(200))
        let started = MonotonicClock.now()
        task.cancel()
        let response = await task.value
        #expect(response.failure?.kind == .cancelled)
        // The server saw the connection go, well before the 30 s timeout would have ended it.
        #expect(try await eventually(timeout: 10) { server.openConnections == 0 }, "the request was aborted")
        #expect(MonotonicClock.now() - started < Sanitizer.scaled(10), "long before the timeout")
    }
}

@Suite("Fetch: response details")
struct FetchResponseDetailTests {
    @Test("Retry-After is read in both forms: seconds and HTTP date")
    func retryAfter() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.12", handler: Routes.site([
            "/seconds": ServerResponse.text("busy", status: 503).adding(header: "Retry-After", "7"),
            "/date": ServerResponse.text("slow down", status: 429).adding(header: "Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"),
        ]))
        defer { server.stop() }
        let connector = try Connector()
        defer { connector.shutdown() }
        let host = "\(server.address):\(server.port)"
        let seconds = await connector.fetch(FetchRequest(url: server.url("/seconds"), hostKey: host))
        #expect(seconds.status == 503 && seconds.retryAfter == 7)
        let date = await connector.fetch(FetchRequest(url: server.url("/date"), hostKey: host))
        #expect(date.status == 429 && (date.retryAfter ?? 0) > 365 * 86_400)
    }
}
