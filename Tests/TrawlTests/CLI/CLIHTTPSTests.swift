import Foundation
import Testing

/// `trawl crawl` over HTTPS against a real nginx with certificates made by `openssl`: trusting a private CA
/// (--ca-cert, SSL_CERT_FILE), --insecure, HTTP/2 by default and --http1.1, TLS causes in `status`, and
/// --limit-per-host counted in requests on a multiplexed connection, all judged from nginx's access log.
@Suite("CLI: HTTPS and HTTP/2 against nginx")
struct CLIHTTPSTests {
    /// One nginx site with a test directory, certificates and a database.
    struct Setup {
        let directory: TemporaryDirectory
        let certificates: TestCertificates
        let nginx: NginxServer
        let site: NginxServer.Site
        var db: String { directory.file("crawl.db") }

        /// Serves `files` on `address` with the certificate `presented` picks (signed by the test CA unless
        /// it is the self-signed one).
        static func start(
            _ address: String, files: [String: String],
            presented: (TestCertificates) -> TestCertificates.Pair = \.valid, locations: [String: String] = [:]
        ) async throws -> Setup {
            let directory = try TemporaryDirectory()
            let certificates = try await TestCertificates.make(in: directory.path, addresses: [address])
            let root = directory.file("site")
            try StaticSite.write(files, to: root)
            let site = NginxServer.Site(address: address, root: root, tls: presented(certificates), locations: locations)
            let nginx = try await NginxServer.start([site], in: directory.path)
            return Setup(directory: directory, certificates: certificates, nginx: nginx, site: site)
        }

        func url(_ path: String) -> String { nginx.url(site, path) }

        func stop() async {
            await nginx.stop()
            directory.remove()
        }
    }

    static let smallSite = [
        "/index.html": "<title>home</title><a href='/a.html'>a</a> <a href='/b.html'>b</a>",
        "/a.html": "<title>a</title>", "/b.html": "<title>b</title>", "/robots.txt": "User-agent: *\nAllow: /\n",
    ]

    static func rows(_ db: String, _ sql: String) -> [String] { (try? CLIQuery.rows(db, sql)) ?? [] }

    /// An empty variable counts as unset (as for OpenSSL).
    static let noSSLVariables = ["SSL_CERT_FILE": "", "SSL_CERT_DIR": ""]

    @Test("--ca-cert trusts a private CA: the crawl succeeds over HTTP/2, and the absolute path is saved")
    func caCertificate() async throws {
        let setup = try await Setup.start("127.0.0.236", files: Self.smallSite)
        do {
            #expect(try await CLIRunner.run(["enqueue", "--db", setup.db, setup.url("/")]).status == 0)
            // SSL_CERT_FILE / SSL_CERT_DIR emptied (some machines set them): the system store is then curl's
            // default, its hashed directory where it has one, and --ca-cert the CA file beside it.
            let result = try await CLIRunner.run(["crawl", "--db", setup.db, "--ca-cert", setup.certificates.ca],
                                                 environment: Self.noSSLVariables)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.rows(setup.db, "SELECT count(*) FROM pages WHERE status = 200") == ["3"], "\(result.stderr)")
            let log = try setup.nginx.accessLog()
            #expect(log.map(\.uri).sorted() == ["/", "/a.html", "/b.html", "/robots.txt"])
            #expect(log.allSatisfy { $0.serverProtocol == "HTTP/2.0" }, "HTTP/2 by default: \(log.map(\.serverProtocol))")
            #expect(Self.rows(setup.db, "SELECT value FROM crawl_settings WHERE name = 'ca-cert'")
                    == [setup.certificates.ca])
        }
        await setup.stop()
    }

    @Test("SSL_CERT_FILE and SSL_CERT_DIR choose the CA store, as for OpenSSL programs; without them the CA is unknown")
    func sslCertFile() async throws {
        let setup = try await Setup.start("127.0.0.237", files: Self.smallSite)
        do {
            let untrusted = setup.directory.file("untrusted.db"), byDirectory = setup.directory.file("directory.db")
            for db in [setup.db, untrusted, byDirectory] {
                #expect(try await CLIRunner.run(["enqueue", "--db", db, setup.url("/")]).status == 0)
            }
            let trusted = try await CLIRunner.run(["crawl", "--db", setup.db],
                                                  environment: ["SSL_CERT_FILE": setup.certificates.ca])
            #expect(trusted.status == 0, "\(trusted.stderr)")
            #expect(Self.rows(setup.db, "SELECT count(*) FROM pages WHERE status = 200") == ["3"], "\(trusted.stderr)")
            // A hashed directory (openssl rehash), as /etc/ssl/certs is.
            let directory = setup.directory.file("ca-directory")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            try FileManager.default.copyItem(atPath: setup.certificates.ca, toPath: directory + "/test-ca.pem")
            try await ExternalTool.run(TestCertificates.openssl, ["rehash", directory])
            let viaDirectory = try await CLIRunner.run(["crawl", "--db", byDirectory],
                                                       environment: ["SSL_CERT_DIR": directory])
            #expect(Self.rows(byDirectory, "SELECT count(*) FROM pages WHERE status = 200") == ["3"],
                    "\(viaDirectory.stderr)")
            let refused = try await CLIRunner.run(["crawl", "--db", untrusted, "--retries", "0"],
                                                  environment: Self.noSSLVariables)
            #expect(refused.status == 0, "failed pages are data: \(refused.stderr)")
            let errors = Self.rows(untrusted, "SELECT error FROM pages")
            #expect(errors.count == 1 && errors[0].hasPrefix("TLS unknown CA: "), "\(errors)")
        }
        await setup.stop()
    }

    @Test("--ca-cert adds to the store SSL_CERT_FILE chose, it does not replace it")
    func caCertificateAdds() async throws {
        // Two sites: one signed by the test CA (trusted through SSL_CERT_FILE), one self-signed (trusted
        // through --ca-cert, its own certificate being its CA). One crawl must accept both.
        let signed = try await Setup.start("127.0.0.244", files: Self.smallSite)
        let selfSigned = try await Setup.start("127.0.0.245", files: Self.smallSite, presented: \.selfSigned)
        do {
            #expect(try await CLIRunner.run(["enqueue", "--db", signed.db, signed.url("/"), selfSigned.url("/")])
                    .status == 0)
            let result = try await CLIRunner.run(
                ["crawl", "--db", signed.db, "--ca-cert", selfSigned.certificates.selfSigned.certificate],
                environment: ["SSL_CERT_FILE": signed.certificates.ca])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.rows(signed.db, "SELECT count(*) FROM pages WHERE status = 200") == ["6"],
                    "\(Self.rows(signed.db, "SELECT url, error FROM pages"))")
        }
        await signed.stop()
        await selfSigned.stop()
    }

    @Test("--insecure crawls a self-signed site, says so once per run, and is saved")
    func insecure() async throws {
        let setup = try await Setup.start("127.0.0.238", files: Self.smallSite, presented: \.selfSigned)
        do {
            #expect(try await CLIRunner.run(["enqueue", "--db", setup.db, setup.url("/")]).status == 0)
            let first = try await CLIRunner.run(["crawl", "--db", setup.db, "--insecure"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(Self.rows(setup.db, "SELECT count(*) FROM pages WHERE status = 200") == ["3"], "\(first.stderr)")
            #expect(first.stderr.components(separatedBy: "--insecure: TLS certificates").count == 2, "\(first.stderr)")
            // The next run uses the saved setting, and says so again.
            let second = try await CLIRunner.run(["crawl", "--db", setup.db])
            #expect(second.status == 0)
            #expect(second.stderr.components(separatedBy: "--insecure: TLS certificates").count == 2, "\(second.stderr)")
            #expect(Self.rows(setup.db, "SELECT value FROM crawl_settings WHERE name = 'insecure'") == ["true"])
        }
        await setup.stop()
    }

    @Test("--http1.1 refuses HTTP/2: nginx sees HTTP/1.1 only")
    func http11() async throws {
        let setup = try await Setup.start("127.0.0.239", files: Self.smallSite)
        do {
            #expect(try await CLIRunner.run(["enqueue", "--db", setup.db, setup.url("/")]).status == 0)
            let result = try await CLIRunner.run(
                ["crawl", "--db", setup.db, "--ca-cert", setup.certificates.ca, "--http1.1"])
            #expect(result.status == 0, "\(result.stderr)")
            let log = try setup.nginx.accessLog()
            #expect(log.count == 4 && log.allSatisfy { $0.serverProtocol == "HTTP/1.1" }, "\(log)")
            #expect(Self.rows(setup.db, "SELECT value FROM crawl_settings WHERE name = 'http1.1'") == ["true"])
        }
        await setup.stop()
    }

    @Test("a robots.txt fetch that fails on TLS shows the TLS cause in pages.error and trawl status")
    func robotsTLSFailure() async throws {
        let setup = try await Setup.start("127.0.0.240", files: Self.smallSite, presented: \.expired)
        do {
            #expect(try await CLIRunner.run(["enqueue", "--db", setup.db, setup.url("/")]).status == 0)
            let result = try await CLIRunner.run(["crawl", "--db", setup.db, "--ca-cert", setup.certificates.ca])
            #expect(result.status == 0, "\(result.stderr)")
            let errors = Self.rows(setup.db, "SELECT error FROM pages")
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.hasPrefix("TLS certificate expired: ") == true, "\(errors)")
            #expect(errors.first?.contains("robots.txt") == true, "\(errors)")
            #expect(result.stderr.contains("TLS certificate expired"), "the summary counts the cause: \(result.stderr)")
            let status = try await CLIRunner.run(["status", "--db", setup.db])
            #expect(status.stdout.contains("TLS certificate expired"), "\(status.stdout)")
            #expect(try setup.nginx.accessLog().isEmpty, "no request got through the failed handshake")
        }
        await setup.stop()
    }

    @Test("a --ca-cert file that is missing (66) or not PEM (64) stops the crawl before it starts, unsaved")
    func badCACertificate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "https://127.0.0.241:9/"]).status == 0)
        let missing = try await CLIRunner.run(["crawl", "--db", db, "--ca-cert", directory.file("nope.pem")])
        #expect(missing.status == 66, "\(missing.stderr)")
        #expect(missing.stderr.contains("--ca-cert \(directory.file("nope.pem")): cannot read it"), "\(missing.stderr)")
        let text = directory.file("notes.txt")
        try "not a certificate\n".write(toFile: text, atomically: true, encoding: .utf8)
        let notPEM = try await CLIRunner.run(["crawl", "--db", db, "--ca-cert", text])
        #expect(notPEM.status == 64, "\(notPEM.stderr)")
        #expect(notPEM.stderr.contains("no PEM certificate"), "\(notPEM.stderr)")
        #expect(Self.rows(db, "SELECT count(*) FROM crawl_settings WHERE name = 'ca-cert'") == ["0"])
        #expect(Self.rows(db, "SELECT count(*) FROM pages") == ["0"], "nothing was fetched")
        let config = try await CLIRunner.run(["config", "--db", db, "--ca-cert", text])
        #expect(config.status == 64, "trawl config checks it too: \(config.stderr)")
    }

    @Test("--limit-per-host 2 bounds requests in flight to the host as nginx sees them, over one HTTP/2 connection (two under --http1.1)",
          arguments: [false, true])
    func limitPerHostMultiplexed(http11: Bool) async throws {
        // Each page is sent at 3,000 bytes/s (nginx limit_rate): about 1.5 s in flight.
        var files = ["/robots.txt": "User-agent: *\nAllow: /\n"]
        for page in 0..<6 {
            files["/slow/\(page).html"] = "<title>slow \(page)</title>" + String(repeating: "x", count: 4500)
        }
        let setup = try await Setup.start(http11 ? "127.0.0.243" : "127.0.0.242", files: files,
                                          locations: ["/slow/": "limit_rate 3000;"])
        do {
            let seeds = (0..<6).map { setup.url("/slow/\($0).html") }.joined(separator: "\n")
            #expect(try await CLIRunner.run(["enqueue", "--db", setup.db, "--file", "-"], stdin: seeds).status == 0)
            let result = try await CLIRunner.run(
                ["crawl", "--db", setup.db, "--ca-cert", setup.certificates.ca, "--limit-per-host", "2",
                 "--max-depth", "0", "--timeout", "60"] + (http11 ? ["--http1.1"] : []), timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.rows(setup.db, "SELECT count(*) FROM pages WHERE status = 200") == ["6"], "\(result.stderr)")
            let log = try setup.nginx.accessLog()
            let pages = log.filter { $0.uri.hasPrefix("/slow/") }
            #expect(pages.count == 6)
            #expect(pages.allSatisfy { $0.duration >= 0.5 }, "the pages were slow: \(pages.map(\.duration))")
            let peak = NginxLogEntry.peakConcurrency(pages)
            #expect(peak == 2, "at most 2 in flight, and the limit used: \(peak)")
            let connections = Set(log.map(\.connection))
            if http11 {
                #expect(log.allSatisfy { $0.serverProtocol == "HTTP/1.1" })
                #expect(connections.count == 2, "one connection per request in flight: \(log)")
            } else {
                #expect(log.allSatisfy { $0.serverProtocol == "HTTP/2.0" })
                #expect(connections.count == 1, "every request a stream of one connection: \(log)")
                #expect(log.map(\.connectionRequests).sorted() == Array(1...7))
            }
        }
        await setup.stop()
    }
}
