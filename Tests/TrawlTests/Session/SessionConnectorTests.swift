import Foundation
import LoopbackServer
import Testing
@testable import TrawlFetch

/// Headers, the cookie jar and logins, through the real connector against real loopback servers: every
/// assertion is on what the server received.
@Suite("Session: headers, cookies and logins through the connector")
struct SessionConnectorTests {
    static func hostKey(_ server: LoopbackHTTPServer) -> String { "\(server.address):\(server.port)" }

    static func connector(_ change: (inout ConnectorOptions) -> Void) throws -> Connector {
        var options = ConnectorOptions()
        options.timeout = 10
        change(&options)
        return try Connector(options: options)
    }

    static func fetch(_ connector: Connector, _ server: LoopbackHTTPServer, _ path: String) async -> FetchResponse {
        await connector.fetch(FetchRequest(url: server.url(path), hostKey: hostKey(server)))
    }

    @Test("--header lines arrive on every request, as given; an empty value removes curl's own header")
    func headersArrive() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: Routes.site([:], notFound: .html("ok")))
        defer { server.stop() }
        let headers = try ["X-Crawl-Run: nightly 7", "Accept-Language:en, fr;q=0.5", "Accept:"]
            .map { try RequestHeader(parsing: $0) }
        let connector = try Self.connector { $0.headers = headers }
        defer { connector.shutdown() }
        for path in ["/a", "/b", "/robots.txt"] {
            #expect(await Self.fetch(connector, server, path).status == 200)
        }
        let log = server.requestLog
        #expect(log.count == 3)
        for request in log {
            #expect(request.headers["x-crawl-run"] == "nightly 7", "\(request.path)")
            #expect(request.headers["accept-language"] == "en, fr;q=0.5", "\(request.path)")
            #expect(request.headers["accept"] == nil, "curl's Accept: */* removed")
            #expect(request.headers["user-agent"] == ConnectorOptions.defaultUserAgent)
        }
    }

    @Test("one cookie jar per crawl: a Set-Cookie goes back to its host on any later transfer, never to another host")
    func sharedCookieJar() async throws {
        let first = try LoopbackHTTPServer(address: "127.0.0.2", handler: Routes.site([
            "/login": ServerResponse.html("in").adding(header: "Set-Cookie", "session=abc123; Path=/; HttpOnly"),
        ], notFound: .html("page")))
        let other = try LoopbackHTTPServer(address: "127.0.0.3", handler: Routes.site([:], notFound: .html("other")))
        defer { first.stop(); other.stop() }
        let connector = try Self.connector {
            $0.cookies = StartingCookies(lines: ["127.0.0.2\tFALSE\t/\tFALSE\t0\tfromfile\tyes"])
        }
        defer { connector.shutdown() }
        #expect(await Self.fetch(connector, first, "/before").status == 200)
        #expect(await Self.fetch(connector, first, "/login").status == 200)
        // Several at once, so that they run on different easy handles of the multi handle.
        async let pageA = Self.fetch(connector, first, "/after-1")
        async let pageB = Self.fetch(connector, first, "/after-2")
        async let otherPage = Self.fetch(connector, other, "/elsewhere")
        _ = await (pageA, pageB, otherPage)
        let cookies = Dictionary(first.requestLog.map { ($0.path, $0.headers["cookie"] ?? "") }) { $1 }
        #expect(cookies["/before"] == "fromfile=yes")
        #expect(cookies["/after-1"]?.contains("session=abc123") == true, "\(cookies)")
        #expect(cookies["/after-2"]?.contains("session=abc123") == true, "\(cookies)")
        #expect(cookies["/after-1"]?.contains("fromfile=yes") == true, "\(cookies)")
        #expect(other.requestLog.count == 1)
        #expect(other.requestLog.allSatisfy { $0.headers["cookie"] == nil }, "no cookie crosses to another host")

        let jar = connector.finalCookies()
        #expect(jar.count == 2, "\(jar.count) cookies")
        #expect(jar.contains { $0.hasPrefix("#HttpOnly_127.0.0.2\t") && $0.hasSuffix("\tsession\tabc123") })
        #expect(jar.contains { $0.hasSuffix("\tfromfile\tyes") })
    }

    @Test("--auth logs in with Basic and with Digest (qop=auth), answering the server's challenge",
          arguments: [LoopbackLogin.Scheme.basic, .digest])
    func loginSucceeds(scheme: LoopbackLogin.Scheme) async throws {
        let login = LoopbackLogin(scheme, user: "alice", password: "pa:ss=w0rd")
        let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site([:],
            notFound: .html("secret page"))))
        defer { server.stop() }
        let connector = try Self.connector {
            $0.logins.byHost[Self.hostKey(server)] = Credential(user: "alice", password: "pa:ss=w0rd")
        }
        defer { connector.shutdown() }
        let response = await Self.fetch(connector, server, "/members/list?page=2")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "secret page")
        let log = server.requestLog
        #expect(log.count == 2, "a 401 challenge first, then the answer: \(log.map(\.headers))")
        #expect(log.first?.headers["authorization"] == nil, "nothing sent before the server asks")
        let prefix = scheme == .basic ? "Basic " : "Digest "
        #expect(log.last?.headers["authorization"]?.hasPrefix(prefix) == true)

        // Once the server was seen to offer Basic only, Basic goes at once; Digest needs each challenge.
        #expect(await Self.fetch(connector, server, "/members/list?page=3").status == 200)
        let later = server.requestLog.dropFirst(2)
        #expect(later.count == (scheme == .basic ? 1 : 2), "\(later.map(\.headers))")
        #expect(later.last?.headers["authorization"]?.hasPrefix(prefix) == true)
    }

    @Test("credentials go only to the named host: not to another host, nor to another port of the same address")
    func noCredentialsElsewhere() async throws {
        let login = LoopbackLogin(.basic, user: "alice", password: "s3cret")
        let elsewhere = try LoopbackHTTPServer(address: "127.0.0.3", handler: login.protecting(Routes.site([:],
            notFound: .html("elsewhere"))))
        let samePortless = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site([:],
            notFound: .html("other port"))))
        let authed = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site([
            "/to-other-host": .redirect(to: elsewhere.url("/landing"), status: 302),
            "/to-other-port": .redirect(to: samePortless.url("/landing"), status: 302),
            "/same-host": .redirect(to: "/landing", status: 302),
        ], notFound: .html("home"))))
        defer { authed.stop(); elsewhere.stop(); samePortless.stop() }
        // The other hosts have no --auth of their own: a 401 from them shows curl was asked and refused to answer.
        let connector = try Self.connector {
            $0.logins.byHost[Self.hostKey(authed)] = Credential(user: "alice", password: "s3cret")
        }
        defer { connector.shutdown() }

        let sameHost = await Self.fetch(connector, authed, "/same-host")
        #expect(sameHost.status == 200 && sameHost.finalURL == authed.url("/landing"), "\(sameHost.finalURL ?? "nil")")
        let toOtherHost = await Self.fetch(connector, authed, "/to-other-host")
        #expect(toOtherHost.status == 401 && toOtherHost.finalURL == elsewhere.url("/landing"))
        let toOtherPort = await Self.fetch(connector, authed, "/to-other-port")
        #expect(toOtherPort.status == 401 && toOtherPort.finalURL == samePortless.url("/landing"))

        #expect(authed.requestLog.contains { $0.path == "/landing" && $0.headers["authorization"] != nil })
        for server in [elsewhere, samePortless] {
            #expect(!server.requestLog.isEmpty)
            #expect(server.requestLog.allSatisfy { $0.headers["authorization"] == nil },
                    "\(server.baseURL) got \(server.requestLog.map(\.headers))")
        }
    }

    @Test("a .netrc logs in to its machine only; an entry for the redirect target without a password does not get the first host's (CVE-2024-11053)")
    func netrcFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let login = LoopbackLogin(.digest, user: "alice", password: "n3trc-pw")
        let elsewhere = try LoopbackHTTPServer(address: "127.0.0.3", handler: login.protecting(Routes.site([:],
            notFound: .html("elsewhere"))))
        let authed = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site([
            "/away": .redirect(to: elsewhere.url("/landing"), status: 302),
        ], notFound: .html("home"))))
        defer { authed.stop(); elsewhere.stop() }
        let netrc = directory.file("netrc")
        try "machine 127.0.0.2 login alice password n3trc-pw\nmachine 127.0.0.3 login alice\n"
            .write(toFile: netrc, atomically: true, encoding: .utf8)
        let connector = try Self.connector { $0.logins.netrc = .file(netrc) }
        defer { connector.shutdown() }
        #expect(await Self.fetch(connector, authed, "/").status == 200)
        let away = await Self.fetch(connector, authed, "/away")
        #expect(away.finalURL == elsewhere.url("/landing"))
        #expect(away.status == 401)
        #expect(!elsewhere.requestLog.isEmpty)
        // Its own entry has no password: whatever curl sends there, it must not be made with the first host's.
        let leaked = elsewhere.requestLog.filter { logged in
            login.verifies(ServerRequest(method: logged.method, path: logged.path, version: "HTTP/1.1",
                                         headers: logged.headers, connectionID: logged.connectionID))
        }
        #expect(leaked.isEmpty, "\(elsewhere.requestLog.map(\.headers))")
    }
}
