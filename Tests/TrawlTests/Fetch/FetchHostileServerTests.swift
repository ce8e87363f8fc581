import Foundation
import LoopbackServer
import Testing
@testable import TrawlFetch

/// Servers that are broken or hostile: every request ends in bounded time with a clear failure, and the
/// connector goes on serving other requests.
@Suite("Fetch: hostile and broken servers")
struct FetchHostileServerTests {
    static let big = [UInt8](repeating: 0x41, count: 50_000_000)
    static let gzipBomb = DeflateBomb.gzip(inflatedSize: 1 << 30)
    static let deflateBomb = DeflateBomb.zlib(inflatedSize: 1 << 30)

    static let server: @Sendable () throws -> LoopbackHTTPServer = {
        try LoopbackHTTPServer(address: "127.0.0.60", handler: Routes.site([
            "/hang": ServerResponse.html("x").delivered(.neverRespond),
            "/trickle": ServerResponse.html(String(repeating: "x", count: 1000)).delivered(.trickle(bytesPerSecond: 2)),
            "/reset": ServerResponse.html(String(repeating: "x", count: 100_000)).delivered(.closeMidBody(afterBytes: 5000)),
            "/short": ServerResponse.html("<title>short</title>").delivered(.lyingContentLength(extra: 1000)),
            "/nothing": ServerResponse.html("x").delivered(.closeWithoutResponse),
            "/huge": .bytes(big, contentType: "text/html"),
            "/gzip-bomb": ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                         body: gzipBomb),
            "/deflate-bomb": ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("Content-Encoding", "deflate")],
                                            body: deflateBomb),
            "/to-file": .redirect(to: "file:///etc/passwd"),
            "/to-ftp": .redirect(to: "ftp://127.0.0.60/x"),
            "/ok": .html("<title>fine</title>"),
        ]))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let path: String
        let kinds: Set<FetchFailure.Kind>
        let message: String
        /// The response was cut off, so curl must drop the connection (a redirect's may be kept alive).
        var closesConnection = true
        var testDescription: String { path }
    }

    static let cases = [
        Case(path: "/hang", kinds: [.timeout], message: "stalled"),
        Case(path: "/trickle", kinds: [.timeout], message: "stalled"),
        Case(path: "/reset", kinds: [.network], message: "before the body was complete"),
        Case(path: "/short", kinds: [.network], message: "before the body was complete"),
        Case(path: "/nothing", kinds: [.network], message: "empty reply"),
        Case(path: "/huge", kinds: [.tooLarge], message: "larger than --max-bytes"),
        Case(path: "/gzip-bomb", kinds: [.tooLarge], message: "larger than --max-bytes"),
        Case(path: "/deflate-bomb", kinds: [.tooLarge], message: "larger than --max-bytes"),
        Case(path: "/to-file", kinds: [.refusedScheme], message: "scheme", closesConnection: false),
        Case(path: "/to-ftp", kinds: [.refusedScheme], message: "scheme", closesConnection: false),
    ]

    @Test("each hostile response ends within its bound with a clear failure; the next request is fine",
          arguments: cases)
    func hostile(_ hostileCase: Case) async throws {
        let server = try Self.server()
        defer { server.stop() }
        var options = ConnectorOptions()
        options.timeout = Sanitizer.scaled(3)  // the next request must not time out on a slow build either
        options.lowSpeedLimit = 100
        options.lowSpeedTime = 2  // 1 s: a loaded machine can stall a healthy 50 MB transfer that long
        options.maxBytes = 1_000_000
        let connector = try Connector(options: options)
        defer { connector.shutdown() }
        let host = "\(server.address):\(server.port)"
        let started = MonotonicClock.now()
        let response = await connector.fetch(FetchRequest(url: server.url(hostileCase.path), hostKey: host))
        let elapsed = MonotonicClock.now() - started
        let failure = try #require(response.failure, "\(hostileCase.path) should fail")
        #expect(hostileCase.kinds.contains(failure.kind), "\(failure)")
        #expect(failure.message.contains(hostileCase.message), "\(failure.message)")
        // Bounded by the configured timeout, as curl's own clock on the connector thread measured it (the
        // slowest cases end at --timeout or sooner, by the low-speed limit), and, with room for a loaded
        // machine, as the test saw it: far below a hang, which would never end.
        #expect(response.elapsed <= options.timeout + 1, "curl measured \(response.elapsed) s")
        #expect(elapsed < 10 * options.timeout, "ended in \(elapsed) s")
        #expect(response.body.count <= 1_000_000)
        // The server's side: one request, and a cut-off response's connection dropped by the client.
        #expect(server.requestCount(path: hostileCase.path) == 1)
        if hostileCase.closesConnection {
            #expect(try await eventually { server.openConnections == 0 }, "the client closed the connection")
        }
        let next = await connector.fetch(FetchRequest(url: server.url("/ok"), hostKey: host))
        #expect(next.status == 200 && next.failure == nil, "\(next.failure?.message ?? "")")
    }

    @Test("a private address is refused for a request that may not reach one, and named in the error")
    func privateAddressRefused() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.61", handler: Routes.site(["/": .html("x")]))
        defer { server.stop() }
        let connector = try Connector()
        defer { connector.shutdown() }
        let host = "\(server.address):\(server.port)"
        let refused = await connector.fetch(
            FetchRequest(url: server.url("/"), hostKey: host, allowPrivateAddresses: false))
        #expect(refused.failure?.kind == .privateAddress)
        #expect(refused.failure?.message.contains("127.0.0.61") == true)
        #expect(refused.failure?.message.contains("--allow-private") == true)
        #expect(server.requestLog.isEmpty && server.totalConnections == 0)
        let allowed = await connector.fetch(FetchRequest(url: server.url("/"), hostKey: host))
        #expect(allowed.status == 200)
    }

    @Test("a public name that resolves to loopback does not get through")
    func nameResolvingToLoopback() async throws {
        let connector = try Connector()
        defer { connector.shutdown() }
        // "localhost" stands for any name whose DNS answer is a private address: the check is on the address.
        let response = await connector.fetch(
            FetchRequest(url: "http://localhost:9/", hostKey: "localhost:9", allowPrivateAddresses: false))
        #expect(response.failure?.kind == .privateAddress)
    }
}

@Suite("Fetch: the deflate bomb used by the hostile tests is real")
struct FetchDeflateBombTests {
    @Test("the generated stream inflates to exactly the asked size (checked with the gzip tool)",
          arguments: [1, 1 + 258 * 7, 1 + 258 * 16, 1 + 258 * 1000, 1 + 258 * 1003])
    func bombInflates(size: Int) async throws {
        let bomb = DeflateBomb.gzip(inflatedSize: size)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bomb.gz")
        try Data(bomb).write(to: URL(fileURLWithPath: path))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -dc < '\(path)' 2>/dev/null | wc -c"]
        let out = Pipe()
        gzip.standardOutput = out
        try gzip.run()
        let text = try await offPool {
            defer { gzip.waitUntilExit() }
            return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == String(size))
    }
}
