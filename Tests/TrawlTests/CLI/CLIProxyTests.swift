import Foundation
import LoopbackServer
import Testing

/// `trawl crawl --proxy` as a user runs it, through real proxies: credentials work and appear nowhere (not
/// in the database, not on stdout or stderr), the run says which proxy it uses and where it came from, the
/// environment's proxy variables are honoured, and a bad proxy URL is a usage error.
@Suite("CLI: proxies")
struct CLIProxyTests {
    /// Variables that would otherwise leak in from the test's own environment.
    static let cleanEnvironment = [
        "http_proxy": "", "https_proxy": "", "HTTPS_PROXY": "", "all_proxy": "", "ALL_PROXY": "",
        "no_proxy": "", "NO_PROXY": "",
    ]

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRunner.Result {
        let (process, out, err) = try CLIRunner.start(
            arguments, environment: cleanEnvironment.merging(environment) { $1 })
        let outData = CLIRunner.ReadAll(out), errData = CLIRunner.ReadAll(err)
        if try await !exited(process, timeout: 60) { kill(process.processIdentifier, SIGKILL) }
        return try await offPool {
            process.waitUntilExit()
            return CLIRunner.Result(status: process.terminationStatus, stdout: outData.text(), stderr: errData.text())
        }
    }

    /// The whole database as SQL text (`sqlite3 DB .dump`), as a user would look for a leaked password.
    static func dump(_ db: String) async throws -> String {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [db, ".dump"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func site() -> @Sendable (ServerRequest) -> ServerResponse {
        Routes.site([
            "/robots.txt": .notFound,
            "/": .html("<title>home</title><a href='/a'>a</a><a href='/b'>b</a>"),
            "/a": .html("<title>page a</title>"), "/b": .html("<title>page b</title>"), "/c": .html("<title>page c</title>"),
        ])
    }

    @Test("tinyproxy with BasicAuth: the crawl goes through with the credentials, which are in neither the database nor the output; a resumed run without them is refused by the proxy (407), saying so")
    func tinyproxyCredentials() async throws {
        let password = "pr0xy-s3cret-\(UInt32.random(in: 0...UInt32.max))"
        let proxy = try await TinyProxy(credentials: ("alice", password))
        let origin = try LoopbackHTTPServer(address: "127.0.0.101", handler: Self.site())
        defer { origin.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await Self.run(["enqueue", "--db", db, origin.url("/")]).status == 0)
        let crawl = try await Self.run(["crawl", "--db", db, "--proxy", proxy.url(user: "alice", password: password)])
        #expect(crawl.status == 0, "\(crawl.stderr)")
        #expect(crawl.stderr.contains("via proxy \(proxy.url()) (from --proxy)"), "\(crawl.stderr)")
        #expect(crawl.stderr.contains("--proxy \(proxy.url())"), "the settings line names the proxy without credentials")
        #expect(!(crawl.stdout + crawl.stderr).contains(password))
        #expect(origin.requestLog.count == 4, "robots.txt, /, /a, /b: \(origin.requestLog.map(\.path))")
        #expect(origin.requestLog.allSatisfy { $0.headers["via"]?.contains("tinyproxy") == true })
        #expect(origin.requestLog.allSatisfy { $0.headers["proxy-authorization"] == nil }, "the proxy keeps them")
        let dump = try await Self.dump(db)
        #expect(dump.contains("page a") && dump.contains("page b"), "the pages are stored")
        #expect(dump.contains("'proxy','\(proxy.url())'"), "saved without credentials")
        #expect(!dump.contains(password) && !dump.contains("alice"))

        // Resumed without --proxy: the saved proxy, without credentials, which the proxy refuses.
        #expect(try await Self.run(["enqueue", "--db", db, origin.url("/c")]).status == 0)
        let resumed = try await Self.run(["crawl", "--db", db, "--retries", "0"])
        let logged = proxy.requests
        await proxy.stop()
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("via proxy \(proxy.url()) (from saved --proxy); credentials are never saved"),
                "\(resumed.stderr)")
        #expect(resumed.stderr.contains("1 × proxy"), "\(resumed.stderr)")
        let stored = try await Self.dump(db)
        #expect(stored.contains("proxy: authentication required (the proxy \(proxy.url()) answered 407; none were given"))
        #expect(logged.contains("GET \(origin.url("/c")) HTTP/1.1"), "the request reached the proxy, which refused it")
        #expect(origin.requestCount(path: "/c") == 0)
    }

    @Test("microsocks with a user and password over socks5h://: pages through the proxy, names resolved by it, credentials nowhere")
    func microsocksCredentials() async throws {
        let password = "s0cks-\(UInt32.random(in: 0...UInt32.max))"
        let proxy = try await MicroSocks(credentials: ("bob", password))
        let origin = try LoopbackHTTPServer(address: "127.0.0.1", handler: Self.site())
        defer { origin.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let seed = "http://localhost:\(origin.port)/"
        #expect(try await Self.run(["enqueue", "--db", db, seed]).status == 0)
        let crawl = try await Self.run(["crawl", "--db", db, "--proxy", proxy.url(user: "bob", password: password)])
        let tunnels = proxy.tunnels
        await proxy.stop()
        #expect(crawl.status == 0, "\(crawl.stderr)")
        #expect(crawl.stderr.contains("via proxy \(proxy.url()) (from --proxy)"), "\(crawl.stderr)")
        #expect(!(crawl.stdout + crawl.stderr).contains(password))
        #expect(origin.requestLog.count == 4)
        #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0 == "localhost:\(origin.port)" }, "\(tunnels)")
        let dump = try await Self.dump(db)
        #expect(dump.contains("page a"))
        #expect(!dump.contains(password))
    }

    @Test("http_proxy from the environment is used and named; no_proxy sends a host around it")
    func environmentProxy() async throws {
        let proxy = try await TinyProxy()
        let proxied = try LoopbackHTTPServer(address: "127.0.0.102", handler: Self.site())
        defer { proxied.stop() }
        let direct = try LoopbackHTTPServer(address: "127.0.0.103", handler: Self.site())
        defer { direct.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await Self.run(["enqueue", "--db", db, proxied.url("/"), direct.url("/")]).status == 0)
        let crawl = try await Self.run(["crawl", "--db", db],
                                       environment: ["http_proxy": proxy.url(), "no_proxy": "127.0.0.103"])
        let logged = proxy.requests
        await proxy.stop()
        #expect(crawl.status == 0, "\(crawl.stderr)")
        #expect(crawl.stderr.contains("via proxy \(proxy.url()) for http:// (from http_proxy), https:// direct; "
                                      + "direct to 127.0.0.103 (no_proxy)"), "\(crawl.stderr)")
        #expect(proxied.requestLog.count == 4 && proxied.requestLog.allSatisfy { $0.headers["via"] != nil })
        #expect(direct.requestLog.count == 4 && direct.requestLog.allSatisfy { $0.headers["via"] == nil })
        #expect(logged.contains("GET \(proxied.url("/a")) HTTP/1.1") && !logged.contains { $0.contains("127.0.0.103") })
        #expect(!(try await Self.dump(db)).contains("'proxy','http"), "an environment proxy is not a saved setting")
    }

    @Test("a proxy URL trawl cannot use is a usage error (64) that names it, never echoing its password",
          arguments: [
            ("ftp://user:hunter2@127.0.0.1:21", "has the scheme 'ftp'"),
            ("http://user:hunter2@", "is not a URL"),
            ("http://user:hunter2@127.0.0.1:3128/path", "has a path"),
            ("socks4://user:hunter2@127.0.0.1:1080", "has the scheme 'socks4'"),
          ])
    func invalidProxy(url: String, problem: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await Self.run(["enqueue", "--db", db, "http://127.0.0.104:9/"]).status == 0)
        let flag = try await Self.run(["crawl", "--db", db, "--proxy", url])
        #expect(flag.status == 64)
        #expect(flag.stderr.contains("--proxy '") && flag.stderr.contains(problem), "\(flag.stderr)")
        #expect(!(flag.stdout + flag.stderr).contains("hunter2"))
        let variable = try await Self.run(["crawl", "--db", db], environment: ["https_proxy": url])
        #expect(variable.status == 64)
        #expect(variable.stderr.contains("https_proxy '") && variable.stderr.contains(problem), "\(variable.stderr)")
        #expect(!(variable.stdout + variable.stderr).contains("hunter2"))
    }
}
