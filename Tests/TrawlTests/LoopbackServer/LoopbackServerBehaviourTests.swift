import Glibc
import LoopbackServer
import Testing
import TrawlSync

@Suite("LoopbackServer behaviours: slow, hung and broken servers, and stop()", .ownThread)
struct LoopbackServerBehaviourTests {
    @Test func stopEndsANeverRespondingConnectionPromptly() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("never").delivered(.neverRespond) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/hang")
        #expect(try await eventually(timeout: 2) { server.requestCount(path: "/hang") == 1 })
        #expect(throws: RawHTTPClient.Failure.timedOut) { try client.readResponse(timeout: 0.2) }

        let stopStarted = RawHTTPClient.now()
        server.stop()
        #expect(RawHTTPClient.now() - stopStarted < 1)
        #expect(client.waitForClose(timeout: 1))
        #expect(client.unconsumed.isEmpty)
        server.stop()  // idempotent
    }

    @Test func stopReleasesThePortAndClosesIdleConnections() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("x") })
        defer { server.stop() }
        let idle = try RawHTTPClient(port: server.port)
        try idle.sendRequest("/")
        _ = try idle.readResponse()
        server.stop()
        #expect(idle.waitForClose(timeout: 1))
        #expect(throws: RawHTTPClient.Failure.connectFailed(errno: ECONNREFUSED)) {
            _ = try RawHTTPClient(port: server.port)
        }
        #expect(server.openConnections == 0)
    }

    @Test func delayAnswersAfterTheDelay() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("late").delivered(.delay(0.3)) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let start = RawHTTPClient.now()
        try client.sendRequest("/")
        #expect(try client.readResponse().text == "late")
        #expect(RawHTTPClient.now() - start >= 0.29)
    }

    @Test func trickleSendsTheBodyByteByByte() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("abcd").delivered(.trickle(interval: 0.05)) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let start = RawHTTPClient.now()
        try client.sendRequest("/")
        #expect(try client.readResponse().text == "abcd")
        #expect(RawHTTPClient.now() - start >= 0.19)
    }

    @Test func closeMidBodyAnnouncesTheFullLengthAndCloses() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("0123456789").delivered(.closeMidBody(afterBytes: 4)) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        #expect(throws: RawHTTPClient.Failure.self) { try client.readResponse() }
        let received = String(decoding: client.unconsumed, as: UTF8.self)
        #expect(received.contains("Content-Length: 10\r\n"))
        #expect(received.hasSuffix("\r\n\r\n0123"))
    }

    @Test func lyingContentLengthPromisesMoreThanItSends() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("short").delivered(.lyingContentLength(extra: 100)) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        #expect(throws: RawHTTPClient.Failure.self) { try client.readResponse() }
        let received = String(decoding: client.unconsumed, as: UTF8.self)
        #expect(received.contains("Content-Length: 105\r\n"))
        #expect(received.hasSuffix("\r\n\r\nshort"))
    }

    @Test func closeWithoutResponseSendsNothing() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("unsent").delivered(.closeWithoutResponse) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/")
        #expect(client.waitForClose(timeout: 2))
        #expect(client.unconsumed.isEmpty)
        #expect(server.requestCount(path: "/") == 1)
    }

    @Test func countsRequestsHandledAtOnce() throws {
        // Each of the first three requests is held until all three are in, so they overlap however slowly
        // the machine (or a sanitizer) runs; a fixed delay overlapped only when they arrived in time.
        let arrived = ThreadLock(0)
        let server = try LoopbackHTTPServer(handler: { _ in
            arrived.withLock { $0 += 1 }
            var waits = 0  // on a server thread, not the pool; 20 s at most
            while arrived.withLock({ $0 }) < 3, waits < 2_000 { usleep(10_000); waits += 1 }
            return .text("slow")
        })
        defer { server.stop() }
        let clients = try (0..<3).map { _ in try RawHTTPClient(port: server.port) }
        for client in clients { try client.sendRequest("/") }
        for client in clients { #expect(try client.readResponse().text == "slow") }
        #expect(server.maxConcurrentRequests == 3)

        // One at a time afterwards leaves the peak where it was and never adds to it.
        for _ in 0..<3 {
            try clients[0].sendRequest("/")
            _ = try clients[0].readResponse()
        }
        #expect(server.maxConcurrentRequests == 3)
    }

    @Test func aRequestTheClientAbandonsStopsCountingAtOnce() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("slow").delivered(.delay(5)) })
        defer { server.stop() }
        for _ in 0..<3 {
            let client = try RawHTTPClient(port: server.port)
            try client.sendRequest("/")
            #expect(try await eventually(timeout: 2) { server.requestLog.count > 0 })
            client.close()  // as a client timing out would
        }
        #expect(try await eventually(timeout: 2) { server.requestLog.count == 3 })
        #expect(server.maxConcurrentRequests == 1)
        #expect(try await eventually(timeout: 2) { server.openConnections == 0 })
    }
}
