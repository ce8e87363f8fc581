import Foundation
import LoopbackServer
import Testing

/// `trawl crawl --header/--robots-agent/--auth/--netrc-file/--cookies/--save-cookies`, run as a user would,
/// against real loopback servers: what arrived server-side, what was saved, and what was never written.
@Suite("CLI: headers, robots agent, cookies and logins", .serialized)
struct CLIHeadersLoginsTests {
    static func rows(_ db: String, _ sql: String) -> [String] { (try? CLIQuery.rows(db, sql)) ?? [] }

    static func crawl(_ db: String, seeds: [String], _ flags: [String]) async throws -> CLIRunner.Result {
        let enqueue = try await CLIRunner.run(["enqueue", "--db", db] + seeds)
        #expect(enqueue.status == 0, "\(enqueue.stderr)")
        return try await CLIRunner.run(["crawl", "--db", db, "--workers", "2", "--retries", "0"] + flags)
    }

    @Test("--header reaches robots.txt and pages; --robots-agent picks the robots.txt group, not the User-Agent; both are saved")
    func headersAndRobotsAgent() async throws {
        let robots = """
            User-agent: Mozilla
            Disallow: /

            User-agent: auditbot
            Disallow: /private
            """
        let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: Routes.site([
            "/robots.txt": .text(robots),
            "/": .html(#"<a href="/private">p</a> <a href="/public">q</a>"#),
        ], notFound: .html("page")))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let userAgent = "Mozilla/5.0 (compatible; AuditBot/1.0)"

        let db = directory.file("crawl.db")
        let result = try await Self.crawl(db, seeds: [server.url("/")], [
            "--user-agent", userAgent, "--robots-agent", "AuditBot",
            "--header", "X-Crawl-Run: nightly", "--header", "From:ops@example.org",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let paths = Set(server.requestLog.map(\.path))
        #expect(paths == ["/robots.txt", "/", "/public"], "the auditbot group, not Mozilla's: \(paths)")
        for request in server.requestLog {
            #expect(request.headers["x-crawl-run"] == "nightly" && request.headers["from"] == "ops@example.org",
                    "\(request.path): \(request.headers)")
            #expect(request.headers["user-agent"] == userAgent)
        }
        #expect(Self.rows(db, "SELECT value FROM crawl_settings WHERE name IN ('header', 'robots-agent') ORDER BY name")
                == [#"["X-Crawl-Run: nightly","From: ops@example.org"]"#, "AuditBot"])
        #expect(result.stderr.contains("--robots-agent AuditBot --header 'X-Crawl-Run: nightly' --header 'From: ops@example.org'"),
                "\(result.stderr)")

        // The default: the User-Agent's first product token, Mozilla, whose group disallows everything.
        let second = try TemporaryDirectory()
        defer { second.remove() }
        let before = server.requestLog.count
        let derived = try await Self.crawl(second.file("crawl.db"), seeds: [server.url("/")], ["--user-agent", userAgent])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(server.requestLog.dropFirst(before).map(\.path) == ["/robots.txt"])
        #expect(Self.rows(second.file("crawl.db"), "SELECT value FROM crawl_settings WHERE name = 'robots-agent'")
                == ["(from --user-agent)"])
    }

    @Test("saved headers: trawl config sets them, --clear-lists forgets them, a refused one edited into the database stops the crawl (exit 3)")
    func savedHeaders() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let set = try await CLIRunner.run(["config", "--db", db, "--header", "X-A: 1", "--robots-agent", "AuditBot"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("header") && set.stdout.contains("[X-A: 1]") && set.stdout.contains("AuditBot"),
                "\(set.stdout)")
        let cleared = try await CLIRunner.run(["config", "--db", db, "--clear-lists"])
        #expect(cleared.stderr.contains("changed: --header [X-A: 1] → []"), "\(cleared.stderr)")
        _ = try CLIQuery.rows(db, #"UPDATE crawl_settings SET value = '["Host: evil.example"]' WHERE name = 'header'"#)
        let refused = try await CLIRunner.run(["crawl", "--db", db])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the saved setting header = '[Host: evil.example]' is not a list of headers to "
                                        + "send (--header 'Host: evil.example' is refused: trawl sends Host from each URL)"),
                "\(refused.stderr)")
    }

    @Test("headers trawl must control and malformed ones exit 64 naming --header and the value; nothing is saved",
          arguments: [
              (["--header", "Host: evil.example"], "--header 'Host: evil.example' is refused: trawl sends Host"),
              (["--header", "Cookie: sid=1"], "--header 'Cookie: sid=1' is refused: give cookies with --cookies FILE"),
              (["--header", "Authorization: Bearer t0k"], "give credentials with --auth HOST=USER:PASSWORD"),
              (["--header", "User-Agent: x"], "give it with --user-agent"),
              (["--header", "Content-Length: 3"], "is refused"),
              (["--header", "X-Ok: 1\r\nHost: evil"], #"--header 'X-Ok: 1\r\nHost: evil' holds a control character"#),
              (["--header", "no colon"], "--header 'no colon' has no colon"),
              (["--robots-agent", "audit bot"], "--robots-agent 'audit bot' is not a robots.txt product token"),
              (["--auth", "alice:pw"], "--auth (the first one) is not HOST=USER:PASSWORD"),
              (["--auth", "example.org:443=alice:pw"], "without the scheme's default port"),
          ])
    func refusedFlags(flags: [String], message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let result = try await CLIRunner.run(["crawl", "--db", db] + flags)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("pw\n") && !result.stderr.contains(":pw"), "no password echoed")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("cookie and .netrc files that cannot be used stop the run before it starts", arguments: [
        ("--cookies", "missing.txt", 66, "--cookies: cannot read the cookie file"),
        ("--cookies", "bad.txt", 65, "bad.txt line 2 is not a Netscape cookie line"),
        ("--netrc-file", "missing.txt", 66, "--netrc-file: cannot read"),
        ("--save-cookies", "no-such-folder/jar.txt", 74, "--save-cookies: cannot write the cookie file"),
    ])
    func unusableFiles(flag: String, file: String, status: Int32, message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        try "# Netscape HTTP Cookie File\nnot a cookie\n".write(toFile: directory.file("bad.txt"), atomically: true, encoding: .utf8)
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "http://127.0.0.2:9/"]).status == 0)
        let result = try await CLIRunner.run(["crawl", "--db", db, flag, directory.file(file)])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(Self.rows(db, "SELECT count(*) FROM crawl_runs") == ["0"])
    }

    @Test("""
        Digest login, cookies from a file and from Set-Cookie, a saved jar curl reads back; no cookie or \
        credential to another host, and the password nowhere in the database or the output
        """)
    func loginsAndCookies() async throws {
        let password = "Pa55-w0rd-7f3e9c"
        let login = LoopbackLogin(.digest, user: "alice", password: password)
        let other = try LoopbackHTTPServer(address: "127.0.0.3", handler: Routes.site([:], notFound: .html("other")))
        let site: @Sendable (ServerRequest) -> ServerResponse = Routes.site([
            "/": ServerResponse.html(#"<a href="/next">next</a> <a href="/moved">moved</a>"#)
                .adding(header: "Set-Cookie", "session=s-42; Path=/; HttpOnly"),
            "/next": .html(#"<a href="\#(other.url("/b"))">b</a> <a href="/away">away</a>"#),
            "/away": .redirect(to: other.url("/landing"), status: 302),
            // curl puts the credentials into the URL of a redirect it follows on the same host.
            "/moved": .redirect(to: "/moved-here", status: 302),
        ], notFound: .html("page"))
        let protected = login.protecting(site)
        let server = try LoopbackHTTPServer(address: "127.0.0.2") { request in
            request.path.hasPrefix("/open") ? site(request) : protected(request)
        }
        defer { server.stop(); other.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db"), jar = directory.file("jar.txt"), start = directory.file("start.txt")
        try "# Netscape HTTP Cookie File\n127.0.0.2\tFALSE\t/\tFALSE\t0\tfromfile\tyes\n"
            .write(toFile: start, atomically: true, encoding: .utf8)
        let host = "127.0.0.2:\(server.port)"
        let result = try await Self.crawl(db, seeds: [server.url("/")], [
            "--auth", "\(host)=alice:\(password)", "--cookies", start, "--save-cookies", jar,
            "--follow", "all", "--allow-private", "--verbose",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("logins and cookies (this run only, not saved): credentials for 1 host; "
                                       + "cookies: 1 cookie from \(start)"), "\(result.stderr)")
        #expect(result.stderr.contains("cookies: 2 written to \(jar)"), "\(result.stderr)")

        let answered = server.requestLog.filter { login.verifies(Self.request($0)) }
        #expect(Set(answered.map(\.path)) == ["/robots.txt", "/", "/next", "/away", "/moved", "/moved-here"],
                "\(server.requestLog.map(\.path))")
        #expect(Self.rows(db, "SELECT final_url FROM pages WHERE final_url LIKE '%moved-here'") == [server.url("/moved-here")])
        let next = server.requestLog.last { $0.path == "/next" }
        #expect(next?.headers["cookie"]?.contains("session=s-42") == true, "\(next?.headers ?? [:])")
        #expect(next?.headers["cookie"]?.contains("fromfile=yes") == true)
        #expect(Set(other.requestLog.map(\.path)) == ["/robots.txt", "/b", "/landing"])
        for request in other.requestLog {
            #expect(request.headers["authorization"] == nil && request.headers["cookie"] == nil,
                    "\(request.path): \(request.headers)")
        }

        // Never stored, never printed.
        let dump = try CLIQuery.rows(db, ".dump").joined(separator: "\n")
        #expect(dump.contains("/next"), "the dump is the crawl's")
        for text in [dump, result.stdout, result.stderr] {
            #expect(!text.contains(password) && !text.contains("s-42"))
        }
        #expect(Self.rows(db, "SELECT count(*) FROM crawl_settings WHERE name IN ('auth', 'cookies', 'netrc')") == ["0"])

        // The jar: Netscape format, private, and curl itself sends its cookies back.
        let saved = try String(contentsOfFile: jar, encoding: .utf8)
        #expect(saved.hasPrefix("# Netscape HTTP Cookie File\n"))
        #expect(saved.contains("#HttpOnly_127.0.0.2\tFALSE\t/\tFALSE\t0\tsession\ts-42"), "\(saved)")
        let mode = try FileManager.default.attributesOfItem(atPath: jar)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let curl = try await Self.curl(["-s", "-o", "/dev/null", "-b", jar, server.url("/open-check")])
        #expect(curl == 0)
        let check = server.requestLog.last { $0.path == "/open-check" }
        #expect(check?.headers["cookie"]?.contains("session=s-42") == true, "\(check?.headers ?? [:])")
        #expect(check?.headers["cookie"]?.contains("fromfile=yes") == true)
    }

    @Test("--netrc-file logs in with Basic")
    func netrcBasic() async throws {
        let login = LoopbackLogin(.basic, user: "bob", password: "b0b-secret")
        let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site([:],
            notFound: .html("<title>members</title>"))))
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db"), netrc = directory.file("netrc")
        try "machine 127.0.0.2\n  login bob\n  password b0b-secret\n".write(toFile: netrc, atomically: true, encoding: .utf8)
        let result = try await Self.crawl(db, seeds: [server.url("/")], ["--netrc-file", netrc, "--ignore-robots"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("(this run only, not saved): --netrc-file \(netrc)"), "\(result.stderr)")
        #expect(Self.rows(db, "SELECT status, title FROM pages") == ["200|members"])
        #expect(server.requestLog.last?.headers["authorization"]?.hasPrefix("Basic ") == true)
    }

    static func request(_ logged: LoggedRequest) -> ServerRequest {
        ServerRequest(method: logged.method, path: logged.path, version: "HTTP/1.1", headers: logged.headers,
                      connectionID: logged.connectionID)
    }

    /// Runs the curl command-line tool (loopback URLs only) and returns its exit status.
    static func curl(_ arguments: [String]) async throws -> Int32 {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["--max-time", "20"] + arguments
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
