import Foundation
import Testing
@testable import TrawlCrawl

/// The metrics endpoint as a client meets it: real sockets on loopback, a raw HTTP client.
@Suite("Metrics: the HTTP endpoint")
struct MetricsServerTests {
    static let families: [MetricFamily] = [.single("t_pages_total", .counter, help: "Pages.", 7)]

    /// A server on a free loopback port serving `families`; stopped by the caller.
    static func server() throws -> MetricsServer {
        let server = try MetricsServer(address: MetricsAddress(host: "127.0.0.1", isIPv6: false, port: 0))
        server.serve { Self.families }
        return server
    }

    /// One request on a new connection, off the cooperative pool; the response.
    static func get(_ server: MetricsServer, _ request: String, isHead: Bool = false) async throws -> RawHTTPClient.Response {
        try await offPool {
            let client = try RawHTTPClient(port: server.address.port)
            try client.send(request)
            return try client.readResponse(timeout: 30, isHead: isHead)
        }
    }

    @Test("GET /metrics answers the exposition as text format 0.0.4; HEAD the head; others 404, 405, 400")
    func answers() async throws {
        let server = try Self.server()
        defer { server.stop() }
        #expect(server.address.port != 0)
        let metrics = try await Self.get(server, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.headers["connection"] == "close")
        #expect(metrics.text == PrometheusText.render(Self.families))
        let head = try await Self.get(server, "HEAD /metrics HTTP/1.1\r\n\r\n", isHead: true)
        #expect(head.status == 200 && head.headers["content-length"] == String(metrics.body.count))
        #expect(try await Self.get(server, "GET / HTTP/1.1\r\n\r\n").status == 404)
        #expect(try await Self.get(server, "POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").status == 405)
        #expect(try await Self.get(server, "hello\r\n\r\n").status == 400)
    }

    @Test("a client that sends nothing is dropped after the request timeout, and never holds up the next scrape for longer")
    func silentClient() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let (closed, waited, status) = try await offPool { () throws -> (Bool, Double, Int) in
            // Connects first, and sends half a request line, then nothing.
            let silent = try RawHTTPClient(port: server.address.port)
            try silent.send("GET /metr")
            let started = RawHTTPClient.now()
            let scraper = try RawHTTPClient(port: server.address.port)
            try scraper.send("GET /metrics HTTP/1.1\r\n\r\n")
            let response = try scraper.readResponse(timeout: MetricsServer.requestTimeout + 30)
            let waited = RawHTTPClient.now() - started
            return (silent.waitForClose(timeout: 30), waited, response.status)
        }
        #expect(status == 200)
        #expect(closed, "the silent client's connection was closed by the server")
        // It waited for the silent one's timeout (2 s), not for ever: a bound far above it, far below a hang.
        #expect(waited < MetricsServer.requestTimeout + 20)
    }

    @Test("a second server on a port in use fails with a message that says so")
    func portInUse() throws {
        let first = try Self.server()
        defer { first.stop() }
        let taken = first.address
        #expect(throws: MetricsServerError.cannotListen(taken, errno: EADDRINUSE)) {
            _ = try MetricsServer(address: taken)
        }
        #expect(MetricsServerError.cannotListen(taken, errno: EADDRINUSE).description.contains("in use"))
    }

    @Test("an address that is not this machine's fails to listen (EADDRNOTAVAIL)")
    func foreignAddress() {
        // TEST-NET-1 (RFC 5737): never assigned to this machine; bind(2) fails without sending a packet.
        let address = MetricsAddress(host: "192.0.2.1", isIPv6: false, port: 0)
        #expect(throws: MetricsServerError.cannotListen(address, errno: EADDRNOTAVAIL)) {
            _ = try MetricsServer(address: address)
        }
    }

    @Test("[::1] listens where the machine has IPv6")
    func ipv6Loopback() throws {
        let result = Result { () throws(MetricsServerError) -> MetricsServer in
            try MetricsServer(address: MetricsAddress(parsing: "[::1]:0"))
        }
        switch result {
        case .success(let server):
            defer { server.stop() }
            #expect(server.address.isIPv6 && server.address.port != 0)
            #expect(server.address.description.hasPrefix("[::1]:"))
        case .failure(let error):
            // No IPv6 loopback in this sandbox: nothing else to check.
            let noIPv6 = [MetricsServerError.cannotListen(MetricsAddress(host: "::1", isIPv6: true, port: 0),
                                                          errno: EADDRNOTAVAIL),
                          .cannotListen(MetricsAddress(host: "::1", isIPv6: true, port: 0), errno: EAFNOSUPPORT)]
            #expect(noIPv6.contains(error), "\(error)")
        }
    }

    @Test("waitForScrape returns when a scrape begun after the call is answered, and false when none comes")
    func waitForScrape() async throws {
        let server = try Self.server()
        defer { server.stop() }
        _ = try await Self.get(server, "GET /metrics HTTP/1.1\r\n\r\n")
        #expect(await server.waitForScrape(seconds: 0.3) == false, "an earlier scrape does not count")
        // Scrapes keep coming (bounded) until the wait has seen one that began after it started.
        let scraper = Task {
            for _ in 0..<300 where !Task.isCancelled {
                _ = try? await Self.get(server, "GET /nothing HTTP/1.1\r\n\r\n")
                _ = try? await Self.get(server, "GET /metrics HTTP/1.1\r\n\r\n")
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(await server.waitForScrape(seconds: 60))
        scraper.cancel()
        await scraper.value
    }

    @Test("after stop() the port is closed")
    func stops() async throws {
        let server = try Self.server()
        let port = server.address.port
        server.stop()
        let refused = try await eventually(timeout: 20) {
            do {
                _ = try RawHTTPClient(port: port)
                return false
            } catch RawHTTPClient.Failure.connectFailed(let code) {
                return code == ECONNREFUSED
            }
        }
        #expect(refused)
    }
}
