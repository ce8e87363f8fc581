import LoopbackServer
import Testing
@testable import TrawlFetch

/// Self-fencing: the connector sends requests only to hosts leased to this process, and only until their
/// deadline, checked on its own thread before anything reaches curl.
@Suite("Fetch: the lease fence (requests only to leased hosts, only in time)")
struct FetchLeaseFenceTests {
    @Test("the fence allows every host until a first grant, then only granted hosts before their deadline")
    func fenceRules() {
        var fence = LeaseFence()
        #expect(fence.allows("a", now: 0))
        fence.grant(["a", "b"], until: 10)
        #expect(fence.allows("a", now: 9.9) && !fence.allows("a", now: 10) && !fence.allows("c", now: 0))
        #expect(fence.expire(now: 5).isEmpty)
        fence.grant(["b"], until: 20)
        #expect(fence.expire(now: 10) == ["a"])
        #expect(!fence.allows("a", now: 10) && fence.allows("b", now: 15))
        fence.revoke(["b"])
        #expect(!fence.allows("b", now: 15) && fence.expire(now: 30).isEmpty)
    }

    @Test("a request to a host not leased, or whose lease ran out, is never sent; a leased one is")
    func connectorSendsOnlyToLeasedHosts() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.127", handler: Routes.site(["/a": .html("<title>a</title>")]))
        defer { server.stop() }
        let host = "\(server.address):\(server.port)"
        let connector = try Connector()
        defer { connector.shutdown() }
        connector.grantHosts(["other.test"], until: MonotonicClock.now() + 60)
        let refused = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: host))
        #expect(refused.failure?.kind == .cancelled && refused.failure?.message.contains("lease") == true)
        connector.grantHosts([host], until: MonotonicClock.now() + 60)
        let sent = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: host))
        #expect(sent.status == 200)
        connector.grantHosts([host], until: MonotonicClock.now() - 1)
        let late = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: host))
        #expect(late.failure?.kind == .cancelled)
        #expect(server.requestCount(path: "/a") == 1, "only the request made within the lease reached the server")
    }

    @Test("a request waiting for its host's rate is aborted when the lease runs out, never sent")
    func waitingRequestStopsAtDeadline() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.128", handler: Routes.site(["/a": .html("<title>a</title>")]))
        defer { server.stop() }
        let host = "\(server.address):\(server.port)"
        var options = ConnectorOptions()
        let interval = Sanitizer.scaled(20)
        options.ratePerHost = 1 / interval  // one start every 20 s (longer under a sanitizer, with the bound below)
        let connector = try Connector(options: options)
        defer { connector.shutdown() }
        connector.grantHosts([host], until: MonotonicClock.now() + 5)
        let first = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: host))
        #expect(first.status == 200)
        let started = MonotonicClock.now()
        let second = await connector.fetch(FetchRequest(url: server.url("/a"), hostKey: host))
        #expect(second.failure?.kind == .cancelled)
        #expect(MonotonicClock.now() - started < 0.75 * interval, "aborted at the deadline, not after the interval")
        #expect(server.requestCount(path: "/a") == 1)
    }
}
