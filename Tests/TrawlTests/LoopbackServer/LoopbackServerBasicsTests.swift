import Glibc
import LoopbackServer
import Testing

@Suite("LoopbackServer basics: requests, responses, addresses", .ownThread)
struct LoopbackServerBasicsTests {
    @Test func servesAGetAndLogsIt() throws {
        let server = try LoopbackHTTPServer(handler: Routes.site(["/hello": .text("hi")]))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let before = LoopbackHTTPServer.monotonicNow()
        try client.sendRequest("/hello?x=1", headers: ["User-Agent: Trawl-Test", "X-Mixed-Case: Yes"])
        let response = try client.readResponse()

        #expect(response.status == 200)
        #expect(response.text == "hi")
        #expect(response.headers["content-length"] == "2")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        let logged = try #require(server.requestLog.first)
        #expect(logged.path == "/hello?x=1")
        #expect(logged.method == "GET")
        #expect(logged.headers["user-agent"] == "Trawl-Test")
        #expect(logged.headers["x-mixed-case"] == "Yes")
        #expect(logged.arrivalTime >= before && logged.arrivalTime <= LoopbackHTTPServer.monotonicNow())
        #expect(server.requestCount(path: "/hello?x=1") == 1)
        #expect(server.requestCount(path: "/hello") == 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(server.url("a/b") == server.baseURL + "/a/b")
    }

    @Test func headGetsTheHeadOnly() throws {
        let server = try LoopbackHTTPServer(handler: Routes.site(["/": .html("<p>twelve b</p>")]))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/", method: "HEAD")
        let head = try client.readResponse(isHead: true)
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == "15")
        // Had a body been sent, it would be read here as the next response's status line.
        try client.sendRequest("/")
        #expect(try client.readResponse().text == "<p>twelve b</p>")
    }

    @Test func unknownPathIs404AndRedirectCarriesLocation() throws {
        let server = try LoopbackHTTPServer(handler: Routes.site(["/old": .redirect(to: "/new")]))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.sendRequest("/nothing-here")
        #expect(try client.readResponse().status == 404)
        try client.sendRequest("/old")
        let redirect = try client.readResponse()
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/new")
    }

    @Test func eachLoopbackAddressIsADistinctHost() throws {
        let second = try LoopbackHTTPServer(address: "127.0.0.2", handler: { _ in .text("two") })
        defer { second.stop() }
        // The same port on another loopback address is a different socket, as another host would be.
        let third = try LoopbackHTTPServer(address: "127.0.0.3", port: second.port, handler: { _ in .text("three") })
        defer { third.stop() }
        #expect(second.baseURL == "http://127.0.0.2:\(second.port)")
        #expect(third.port == second.port)

        let toSecond = try RawHTTPClient(address: "127.0.0.2", port: second.port)
        try toSecond.sendRequest("/")
        #expect(try toSecond.readResponse().text == "two")
        let toThird = try RawHTTPClient(address: "127.0.0.3", port: third.port)
        try toThird.sendRequest("/")
        #expect(try toThird.readResponse().text == "three")
        #expect(second.requestLog.count == 1)
        #expect(third.requestLog.count == 1)
    }

    @Test(arguments: ["0.0.0.0", "10.0.0.1", "192.168.1.20", "8.8.8.8", "128.0.0.1"])
    func refusesANonLoopbackAddress(address: String) {
        #expect(throws: LoopbackServerError.notLoopback(address)) {
            _ = try LoopbackHTTPServer(address: address, handler: { _ in .notFound })
        }
    }

    @Test(arguments: ["localhost", "127.0.0", "::1", ""])
    func refusesAnAddressThatIsNotDottedIPv4(address: String) {
        #expect(throws: LoopbackServerError.invalidAddress(address)) {
            _ = try LoopbackHTTPServer(address: address, handler: { _ in .notFound })
        }
    }

    @Test func reportsAPortInUse() throws {
        let first = try LoopbackHTTPServer(handler: { _ in .notFound })
        defer { first.stop() }
        do {
            _ = try LoopbackHTTPServer(port: first.port, handler: { _ in .notFound })
            Issue.record("binding a port in use succeeded")
        } catch {
            guard case .systemCall(let function, let code, _, _, let port) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(function == "bind")
            #expect(code == EADDRINUSE)
            #expect(port == first.port)
            #expect(error.description.contains("Address already in use"))
        }
    }

    @Test func answersMalformedAndOversizedHeadsWithErrors() throws {
        let server = try LoopbackHTTPServer(handler: { _ in .text("ok") })
        defer { server.stop() }
        let malformed = try RawHTTPClient(port: server.port)
        try malformed.send("NONSENSE\r\n\r\n")
        #expect(try malformed.readResponse().status == 400)
        #expect(malformed.waitForClose(timeout: 2))

        let oversized = try RawHTTPClient(port: server.port)
        try oversized.send("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70 * 1024) + "\r\n\r\n")
        #expect(try oversized.readResponse().status == 431)
        #expect(server.requestLog.isEmpty)
    }

    @Test func skipsARequestBodyByContentLength() throws {
        let server = try LoopbackHTTPServer(handler: { request in .text(request.method + " " + request.path) })
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        try client.sendRequest("/after")
        #expect(try client.readResponse().text == "POST /form")
        #expect(try client.readResponse().text == "GET /after")
    }
}
