import Foundation
import LoopbackServer
import Testing
@testable import TrawlCrawl
import TrawlFetch

/// Crawls through real proxies started by the test: tinyproxy (HTTP, CONNECT) and microsocks (SOCKS5).
/// Each proves the traffic went through the proxy by the proxy's own log and by what the origin saw.
@Suite("Fetch: through real proxies (tinyproxy, microsocks)")
struct FetchProxyTests {
    static func site(pages: Int, delay: Double = 0) -> [String: ServerResponse] {
        var site: [String: ServerResponse] = ["/robots.txt": .text("User-agent: *\nDisallow: /private\n")]
        for n in 0..<pages {
            let response = ServerResponse.html("<title>page \(n)</title>")
            site["/p\(n)"] = delay > 0 ? response.delivered(.delay(delay)) : response
        }
        return site
    }

    static func options(proxy: String, _ change: (inout CrawlOptions) -> Void = { _ in }) throws -> CrawlOptions {
        var options = CrawlHarness.options {
            $0.follow = .none
            $0.ignoreRobots = false
            $0.connector.proxy = try? ProxyURL(parsing: proxy)
            $0.connector.proxyEnvironment = ProxyEnvironment([:])
        }
        #expect(options.connector.proxy != nil, "proxy URL \(proxy)")
        change(&options)
        return options
    }

    @Test("http:// pages through tinyproxy: right pages, robots.txt too, each request logged by the proxy and carrying its Via")
    func httpThroughTinyproxy() async throws {
        let proxy = try await TinyProxy()
        let origin = try LoopbackHTTPServer(address: "127.0.0.91", handler: Routes.site(Self.site(pages: 5)))
        defer { origin.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue((0..<5).map { origin.url("/p\($0)") } + [origin.url("/private")])
        let summary = try await harness.crawl(try Self.options(proxy: proxy.url()))
        let logged = proxy.requests
        await proxy.stop()
        #expect(summary.done == 5)
        for n in 0..<5 { #expect(try harness.row(origin.url("/p\(n)"))?.title == "page \(n)") }
        #expect(try harness.row(origin.url("/private"))?.error?.contains("robots.txt") == true)
        // The origin saw every request come from the proxy, and the proxy logged each in absolute form.
        #expect(origin.requestLog.count == 6, "robots.txt and 5 pages: \(origin.requestLog.map(\.path))")
        #expect(origin.requestLog.allSatisfy { $0.headers["via"]?.contains("tinyproxy") == true })
        #expect(logged.contains("GET \(origin.url("/robots.txt")) HTTP/1.1"), "\(logged)")
        for n in 0..<5 { #expect(logged.contains("GET \(origin.url("/p\(n)")) HTTP/1.1"), "\(logged)") }
    }

    @Test("through one proxy, --limit-per-host 1 holds per target host, and different hosts are fetched at the same time")
    func perHostLimitCountsTargetHosts() async throws {
        let proxy = try await TinyProxy()
        let gauge = ConcurrencyGauge()
        var origins: [LoopbackHTTPServer] = []
        defer { origins.forEach { $0.stop() } }
        for address in ["127.0.0.92", "127.0.0.93", "127.0.0.94"] {
            origins.append(try LoopbackHTTPServer(address: address) { request in
                if request.pathWithoutQuery == "/robots.txt" { return .notFound }
                gauge.measure(for: 0.3)
                return .html("<title>\(request.path)</title>")
            })
        }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue(origins.flatMap { origin in (0..<4).map { origin.url("/p\($0)") } })
        let summary = try await harness.crawl(try Self.options(proxy: proxy.url()) {
            $0.workers = 12
            $0.connector.limitPerHost = 1
            $0.connector.timeout = 30
        })
        let logged = proxy.requests
        await proxy.stop()
        #expect(summary.done == 12)
        for origin in origins {
            #expect(origin.maxConcurrentRequests == 1, "\(origin.address): \(origin.maxConcurrentRequests) at once")
            #expect(origin.requestLog.allSatisfy { $0.headers["via"]?.contains("tinyproxy") == true })
        }
        #expect(logged.filter { $0.hasPrefix("GET http://127.0.0.9") }.count == 15, "\(logged)")
        // With curl's per-host bound counting the proxy's host:port, the three hosts would share one
        // connection and never overlap.
        #expect(gauge.peak >= 2, "requests to different hosts overlapped: peak \(gauge.peak)")
    }

    @Test("through a proxy, a link to a private address is refused by name without --allow-private, and nothing reaches the proxy for it")
    func privateTargetThroughProxy() async throws {
        let proxy = try await TinyProxy()
        let target = try LoopbackHTTPServer(address: "127.0.0.96", handler: Routes.site([:], notFound: .html("<title>internal</title>")))
        defer { target.stop() }
        let seed = try LoopbackHTTPServer(address: "127.0.0.95", handler: Routes.site([
            "/": .html("<a href='\(target.url("/admin"))'>a</a><a href='http://localhost:\(target.port)/x'>b</a>"
                       + "<a href='/same-host'>c</a>"),
            "/same-host": .html("<title>same host</title>"),
        ]))
        defer { seed.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([seed.url("/")])
        _ = try await harness.crawl(try Self.options(proxy: proxy.url()) {
            $0.follow = .all
            $0.ignoreRobots = true
            $0.allowPrivate = false
        })
        let admin = try #require(try harness.row(target.url("/admin")))
        #expect(admin.state == "failed" && admin.error?.hasPrefix("refused: 127.0.0.96:\(target.port) is a private address (checked by name") == true, "\(admin)")
        let local = try #require(try harness.row("http://localhost:\(target.port)/x"))
        #expect(local.error?.contains("is a loopback name") == true, "\(local)")
        #expect(target.requestLog.isEmpty)
        #expect(try harness.row(seed.url("/same-host"))?.title == "same host", "the enqueued host itself is trusted")
        let logged = proxy.requests
        #expect(!logged.contains { $0.contains("127.0.0.96") || $0.contains("localhost") }, "\(logged)")
        #expect(logged.contains { $0.contains(seed.url("/same-host")) }, "\(logged)")

        let allowing = try CrawlHarness()
        defer { allowing.remove() }
        try await allowing.enqueue([seed.url("/")])
        _ = try await allowing.crawl(try Self.options(proxy: proxy.url()) { $0.follow = .all; $0.ignoreRobots = true })
        await proxy.stop()
        #expect(try allowing.row(target.url("/admin"))?.title == "internal")
        #expect(target.requestLog.first?.headers["via"]?.contains("tinyproxy") == true)
    }

    @Test("SOCKS5 through microsocks: socks5h:// sends the name for the proxy to resolve, socks5:// an address",
          arguments: [("socks5h", "localhost"), ("socks5", "127.0.0.1")])
    func socksThroughMicrosocks(scheme: String, tunnelHost: String) async throws {
        let proxy = try await MicroSocks()
        let origin = try LoopbackHTTPServer(address: "127.0.0.1", handler: Routes.site(Self.site(pages: 3)))
        defer { origin.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        let urls = (0..<3).map { "http://localhost:\(origin.port)/p\($0)" }
        try await harness.enqueue(urls)
        let summary = try await harness.crawl(try Self.options(proxy: proxy.url(scheme: scheme)))
        let tunnels = proxy.tunnels
        await proxy.stop()
        #expect(summary.done == 3)
        for (n, url) in urls.enumerated() { #expect(try harness.row(url)?.title == "page \(n)") }
        #expect(origin.requestLog.count == 4, "robots.txt and 3 pages")
        // Every connection the origin accepted was a tunnel the proxy logged, to the name or the address.
        #expect(!tunnels.isEmpty && tunnels.count == origin.totalConnections, "\(tunnels) vs \(origin.totalConnections)")
        #expect(tunnels.allSatisfy { $0 == "\(tunnelHost):\(origin.port)" }, "\(tunnels)")
    }

    @Test("a dead proxy: every failure, robots.txt's first, says 'proxy' and names it, not the target")
    func deadProxy() async throws {
        let origin = try LoopbackHTTPServer(address: "127.0.0.97", handler: Routes.site(Self.site(pages: 2)))
        defer { origin.stop() }
        let deadPort = try LoopbackPort.free()
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue([origin.url("/p0"), origin.url("/p1")])
        let summary = try await harness.crawl(try Self.options(proxy: "http://127.0.0.1:\(deadPort)") { $0.retries = 1 })
        #expect(summary.failed == 2)
        #expect(origin.requestLog.isEmpty)
        for n in 0..<2 {
            let error = try #require(try harness.row(origin.url("/p\(n)"))?.error)
            #expect(error.hasPrefix("proxy: cannot connect to the proxy http://127.0.0.1:\(deadPort): connection refused"), "\(error)")
            #expect(error.contains("fetching robots.txt"), "\(error)")
        }
    }

    @Test("https:// through tinyproxy goes by CONNECT: the proxy logs the tunnel, and the TLS origin's certificate is what fails, not the proxy")
    func httpsThroughConnect() async throws {
        let proxy = try await TinyProxy()
        let origin = try await TLSOrigin(address: "127.0.0.98")
        let harness = try CrawlHarness()
        defer { harness.remove() }
        let url = "https://127.0.0.98:\(origin.port)/"
        try await harness.enqueue([url])
        _ = try await harness.crawl(try Self.options(proxy: proxy.url()) { $0.ignoreRobots = true; $0.retries = 0 })
        let logged = proxy.requests
        // s_server writes the alert once it has read it: shortly after trawl gave up.
        _ = try await eventually(timeout: 10) { origin.handshakes >= 1 }
        let handshakes = origin.handshakes, originOutput = origin.server.output
        await proxy.stop()
        await origin.stop()
        #expect(logged.contains("CONNECT 127.0.0.98:\(origin.port) HTTP/1.1"), "\(logged)")
        // The self-signed certificate is refused (trawl verifies by default): the TLS handshake with the
        // origin happened through the tunnel, and the error is the TLS one, not a proxy one.
        let error = try #require(try harness.row(url)?.error)
        #expect(error.hasPrefix("TLS"), "\(error)")
        #expect(handshakes >= 1, "the origin saw \(handshakes) refused TLS handshakes: \(originOutput)")
    }

    @Test("https:// through tinyproxy's CONNECT tunnel, the origin's certificate trusted with --ca-cert: the page is fetched, end to end")
    func httpsThroughConnectTrusted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try await TestCertificates.make(in: directory.path, addresses: ["127.0.0.105"])
        let proxy = try await TinyProxy()
        let origin = try await TLSOrigin(address: "127.0.0.105", pair: certificates.valid)
        let harness = try CrawlHarness()
        defer { harness.remove() }
        let url = "https://127.0.0.105:\(origin.port)/"
        try await harness.enqueue([url])
        _ = try await harness.crawl(try Self.options(proxy: proxy.url()) {
            $0.ignoreRobots = true
            $0.retries = 0
            $0.connector.tls.caCertificates = certificates.ca
        })
        let logged = proxy.requests
        await proxy.stop()
        await origin.stop()
        #expect(logged == ["CONNECT 127.0.0.105:\(origin.port) HTTP/1.1"], "one tunnel, nothing in clear: \(logged)")
        let row = try #require(try harness.row(url))
        #expect(row.state == "done" && row.status == 200, "\(row)")
    }

    @Test("an https:// proxy (stunnel's TLS in front of tinyproxy), its certificate trusted with --ca-cert: pages fetched through it")
    func httpsProxy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try await TestCertificates.make(in: directory.path, addresses: ["127.0.0.1"])
        let tinyproxy = try await TinyProxy()
        let front = try await StunnelFront(pair: certificates.valid, backend: tinyproxy.server.port)
        let origin = try LoopbackHTTPServer(address: "127.0.0.106", handler: Routes.site(Self.site(pages: 3)))
        defer { origin.stop() }
        let harness = try CrawlHarness()
        defer { harness.remove() }
        try await harness.enqueue((0..<3).map { origin.url("/p\($0)") })
        let summary = try await harness.crawl(try Self.options(proxy: front.url) {
            $0.connector.tls.caCertificates = certificates.ca
        })
        let accepted = front.acceptedConnections, logged = tinyproxy.requests
        // Without the CA, the proxy's certificate is refused, and the error says it is the proxy's.
        let untrusting = try CrawlHarness()
        defer { untrusting.remove() }
        try await untrusting.enqueue([origin.url("/p0")])
        _ = try await untrusting.crawl(try Self.options(proxy: front.url) { $0.retries = 0 })
        let refused = try #require(try untrusting.row(origin.url("/p0"))?.error)
        await front.stop()
        await tinyproxy.stop()
        #expect(summary.done == 3)
        for n in 0..<3 { #expect(try harness.row(origin.url("/p\(n)"))?.title == "page \(n)") }
        #expect(accepted >= 1, "stunnel accepted \(accepted) TLS connections")
        #expect(logged.contains("GET \(origin.url("/p0")) HTTP/1.1"), "\(logged)")
        #expect(origin.requestLog.allSatisfy { $0.headers["via"]?.contains("tinyproxy") == true })
        #expect(refused.hasPrefix("proxy: the proxy \(front.url) presented a certificate that is not trusted"),
                "\(refused)")
    }

    /// A redirect is checked by name before its request is sent through the proxy (CURLOPT_PREREQFUNCTION).
    /// Reaching that check needs a first target whose name is public yet served here, which no real proxy
    /// can do without DNS: so the "proxy" is a loopback server that answers every absolute-form request
    /// itself, the way an HTTP proxy relays a response.
    @Test("through a proxy, a redirect to a private address is refused by name before its request is sent")
    func redirectToPrivateThroughProxy() async throws {
        let relay = try LoopbackHTTPServer(address: "127.0.0.99") { _ in
            ServerResponse.text("moved", status: 302).adding(header: "Location", "http://127.0.0.100/secret")
        }
        defer { relay.stop() }
        var options = ConnectorOptions()
        options.proxy = try ProxyURL(parsing: "http://127.0.0.99:\(relay.port)")
        options.proxyEnvironment = ProxyEnvironment([:])
        let connector = try Connector(options: options)
        defer { connector.shutdown() }
        let response = await connector.fetch(
            FetchRequest(url: "http://public.example/", hostKey: "public.example", allowPrivateAddresses: false))
        #expect(response.failure?.kind == .privateAddress, "\(String(describing: response.failure))")
        #expect(response.failure?.message.hasPrefix("refused: 127.0.0.100 is a private address (checked by name") == true,
                "\(String(describing: response.failure))")
        #expect(relay.requestLog.map(\.path) == ["http://public.example/"], "only the first request reached the proxy")
    }
}
