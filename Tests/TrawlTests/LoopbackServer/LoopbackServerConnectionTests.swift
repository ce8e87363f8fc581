import LoopbackServer
import Testing

@Suite("LoopbackServer connections: keep-alive, close, idle timeout, counts", .ownThread)
struct LoopbackServerConnectionTests {
    @Test func keepAliveServesTwoRequestsOnOneConnection() throws {
        let server = try LoopbackHTTPServer(handler: Routes.site(["/a": .text("A"), "/b": .text("B")]))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/a")
        let first = try client.readResponse()
        try client.sendRequest("/b")
        let second = try client.readResponse()

        #expect(first.text == "A" && second.text == "B")
        #expect(first.headers["connection"] == "keep-alive")
        let ids = server.requestLog.map(\.connectionID)
        #expect(ids.count == 2 && ids[0] == ids[1])
        #expect(server.totalConnections == 1)
        #expect(server.openConnections == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try LoopbackHTTPServer(handler: { request in .text(request.path) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "/1")
        #expect(try client.readResponse().text == "/2")
    }

    @Test(arguments: [
        (version: "HTTP/1.1", header: "Connection: close"),
        (version: "HTTP/1.0", header: "X-None: 1"),
    ])
    func clientWithoutPersistenceGetsConnectionClosed(version: String, header: String) throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("bye") })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/", version: version, headers: [header])
        let response = try client.readResponse()
        #expect(response.text == "bye")
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose(timeout: 2))
        #expect(server.openConnections == 0)
    }

    @Test func http10WithKeepAliveStaysOpen() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("x") })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/", version: "HTTP/1.0", headers: ["Connection: keep-alive"])
        #expect(try client.readResponse().headers["connection"] == "keep-alive")
        try client.sendRequest("/", version: "HTTP/1.0", headers: ["Connection: keep-alive"])
        #expect(try client.readResponse().status == 200)
        #expect(server.totalConnections == 1)
    }

    @Test func keepAliveOffClosesAfterEveryResponse() throws {
        let server = try LoopbackHTTPServer(options: ServerOptions(keepAlive: false), handler: { _ in .text("x") })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        #expect(try client.readResponse().headers["connection"] == "close")
        #expect(client.waitForClose(timeout: 2))
    }

    @Test func idleTimeoutClosesAnIdleConnectionSilently() throws {
        let server = try LoopbackHTTPServer(options: ServerOptions(idleTimeout: 0.2), handler: { _ in .text("x") })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        // Timed from before the request: the server's idle time starts after its response, so the close
        // cannot come sooner than 0.2 s after this however the threads are scheduled (timed from when the
        // client read the response, a stalled client thread made the idle time look shorter).
        let sent = RawHTTPClient.now()
        try client.sendRequest("/")
        #expect(try client.readResponse().headers["connection"] == "keep-alive")
        #expect(client.waitForClose(timeout: 10))
        let idled = RawHTTPClient.now() - sent
        #expect(idled >= 0.19 && idled < 10, "closed after \(idled) s")
        #expect(client.unconsumed.isEmpty, "the close must be silent, without a response")
        #expect(server.openConnections == 0)
    }

    @Test func withoutIdleTimeoutAnIdleConnectionStaysOpen() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("x") })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        _ = try client.readResponse()
        #expect(!client.waitForClose(timeout: 0.3))
        #expect(server.openConnections == 1)
    }

    @Test func countsOpenPeakAndTotalConnections() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("x") })
        defer { server.stop() }
        var clients: [RawHTTPClient] = []
        for _ in 0..<3 {
            let client = try RawHTTPClient(port: server.port)
            try client.sendRequest("/")
            _ = try client.readResponse()
            clients.append(client)
        }
        #expect(server.openConnections == 3)
        #expect(server.maxConcurrentConnections == 3)

        for client in clients { client.close() }
        clients.removeAll()
        #expect(try await eventually(timeout: 2) { server.openConnections == 0 })

        let late = try RawHTTPClient(port: server.port)
        try late.sendRequest("/")
        _ = try late.readResponse()
        #expect(server.openConnections == 1)
        #expect(server.maxConcurrentConnections == 3)
        #expect(server.totalConnections == 4)
        #expect(Set(server.requestLog.map(\.connectionID)).count == 4)
    }

    @Test func aClosedIdleConnectionIsNotCountedWithItsReplacement() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("x") })
        defer { server.stop() }
        // Close one connection and open the next at once, as a pool replacing a connection does: the peak
        // must stay 1 even if the server has not yet noticed the first close when it accepts the second.
        for _ in 0..<20 {
            let client = try RawHTTPClient(port: server.port)
            try client.sendRequest("/")
            _ = try client.readResponse()
            client.close()
        }
        #expect(server.maxConcurrentConnections == 1)
        #expect(server.totalConnections == 20)
    }

    @Test func aClientVanishingMidRequestDoesNotHurtTheServer() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text(String(repeating: "z", count: 1 << 20)) })
        defer { server.stop() }
        for _ in 0..<5 {
            let halfRequest = try RawHTTPClient(port: server.port)
            try halfRequest.send("GET / HTTP/1.1\r\nHost: x\r\n")
            halfRequest.close()
            // A full request whose 1 MiB answer is never read: the server's send meets a closed socket.
            let gone = try RawHTTPClient(port: server.port)
            try gone.sendRequest("/")
            gone.close()
        }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        #expect(try client.readResponse().body.count == 1 << 20)
        #expect(try await eventually(timeout: 2) { server.openConnections == 1 })
    }
}
