import Foundation
import Testing
import TrawlStore
@testable import TrawlFetch

/// HTTPS through the shared connector against a real nginx presenting real certificates made by `openssl`:
/// each certificate fault fails with its own error kind, and the trust options change the outcome.
@Suite("Fetch: HTTPS certificates and trust, against nginx")
struct FetchTLSTests {
    /// The certificate an nginx site presents, by case.
    enum Presented: String, Sendable, CaseIterable {
        case valid, expired, notYetValid, otherName, selfSigned, plainHTTP
    }

    /// One server per certificate case, all on one port of its own; `plainHTTP` speaks no TLS at all.
    struct Fixture {
        let directory: TemporaryDirectory
        let certificates: TestCertificates
        let nginx: NginxServer
        let sites: [Presented: NginxServer.Site]

        static let addresses: [Presented: String] = [
            .valid: "127.0.0.230", .expired: "127.0.0.231", .notYetValid: "127.0.0.232", .otherName: "127.0.0.233",
            .selfSigned: "127.0.0.234", .plainHTTP: "127.0.0.235",
        ]

        static func start() async throws -> Fixture {
            let directory = try TemporaryDirectory()
            let certificates = try await TestCertificates.make(
                in: directory.path, addresses: Presented.allCases.map { addresses[$0]! })
            let root = directory.file("site")
            try StaticSite.write(["/index.html": "<title>home</title>", "/robots.txt": "User-agent: *\nAllow: /\n"],
                                 to: root)
            let pairs: [Presented: TestCertificates.Pair] = [
                .valid: certificates.valid, .expired: certificates.expired, .notYetValid: certificates.notYetValid,
                .otherName: certificates.otherName, .selfSigned: certificates.selfSigned,
            ]
            var sites: [Presented: NginxServer.Site] = [:]
            for presented in Presented.allCases {
                sites[presented] = NginxServer.Site(address: addresses[presented]!, root: root, tls: pairs[presented])
            }
            let nginx = try await NginxServer.start(Presented.allCases.map { sites[$0]! }, in: directory.path)
            return Fixture(directory: directory, certificates: certificates, nginx: nginx, sites: sites)
        }

        /// `https://` even for the plain site: a TLS client talking to an HTTP server.
        func url(_ presented: Presented) -> (String, String) {
            let site = sites[presented]!
            return ("https://\(site.address):\(nginx.port)/", nginx.hostKey(site))
        }

        func stop() async {
            await nginx.stop()
            directory.remove()
        }
    }

    static func fetch(_ url: (String, String), _ change: (inout ConnectorOptions) -> Void) async throws -> FetchResponse {
        var options = ConnectorOptions()
        options.timeout = 20
        change(&options)
        let connector = try Connector(options: options)
        defer { connector.shutdown() }
        return await connector.fetch(FetchRequest(url: url.0, hostKey: url.1))
    }

    /// The error kind `trawl status` would count the failure under, or "200 HTTP/2" for a success.
    static func outcome(_ response: FetchResponse) -> String {
        if let failure = response.failure { return ErrorReason.of(failure.message) }
        return "\(response.status ?? 0) HTTP/\(response.httpVersion ?? "?")"
    }

    @Test("with the test CA trusted (--ca-cert), each certificate gives its outcome", arguments: [
        (Presented.valid, "200 HTTP/2"),
        (.expired, "TLS certificate expired"),
        (.notYetValid, "TLS certificate not yet valid"),
        (.otherName, "TLS host name mismatch"),
        (.selfSigned, "TLS unknown CA"),
        (.plainHTTP, "TLS handshake failed"),
    ])
    func certificateCases(presented: Presented, expected: String) async throws {
        let fixture = try await Fixture.start()
        do {
            let response = try await Self.fetch(fixture.url(presented)) {
                $0.tls.caCertificates = fixture.certificates.ca
            }
            #expect(Self.outcome(response) == expected, "\(response.failure?.message ?? "")")
            if let failure = response.failure {
                // curl's own words follow trawl's, and a certificate's fault is not retried.
                #expect(failure.detail?.isEmpty == false)
                #expect(failure.isRetryable == (presented == .plainHTTP))
            }
        }
        await fixture.stop()
    }

    @Test("the system store alone does not trust the test CA; --insecure accepts any certificate")
    func trustOptions() async throws {
        let fixture = try await Fixture.start()
        do {
            let untrusted = try await Self.fetch(fixture.url(.valid)) { _ in }
            #expect(Self.outcome(untrusted) == "TLS unknown CA", "\(untrusted.failure?.message ?? "")")
            #expect(untrusted.failure?.message.contains("--ca-cert") == true, "the message says what to do")
            for presented in [Presented.selfSigned, .expired, .otherName] {
                let insecure = try await Self.fetch(fixture.url(presented)) { $0.tls.verifyCertificates = false }
                #expect(Self.outcome(insecure) == "200 HTTP/2", "\(presented): \(insecure.failure?.message ?? "")")
            }
            let http11 = try await Self.fetch(fixture.url(.valid)) {
                $0.tls.caCertificates = fixture.certificates.ca
                $0.httpVersion = .http1_1
            }
            #expect(Self.outcome(http11) == "200 HTTP/1.1")
            let served = try fixture.nginx.accessLog().map(\.serverProtocol)
            #expect(served.filter { $0 == "HTTP/2.0" }.count == 3 && served.filter { $0 == "HTTP/1.1" }.count == 1,
                    "\(served)")
        }
        await fixture.stop()
    }

    @Test("how the trust store is given to curl: the hashed system directory alone, or a bundle that adds --ca-cert to SSL_CERT_FILE")
    func trustStoreSources() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try await TestCertificates.make(in: directory.path, addresses: ["127.0.0.230"])
        let hashed = LibcurlInfo.current.defaultCADirectory.map(TrustStore.isHashedDirectory) ?? false
        var options = TLSOptions()
        let plain = try TrustStore(options, environment: { _ in nil })
        #expect(plain.dropsDefaultFile == hashed && plain.caFile == nil)
        options.caCertificates = certificates.ca
        let added = try TrustStore(options, environment: { _ in nil })
        #expect(added.caFile == (hashed ? certificates.ca : added.caFile), "the directory serves; the file adds")
        let system = certificates.valid.certificate  // stands for a system bundle chosen by SSL_CERT_FILE
        let bundled = try TrustStore(options, environment: { $0 == "SSL_CERT_FILE" ? system : nil })
        #expect(!bundled.dropsDefaultFile && bundled.caFile?.hasPrefix("/proc/self/fd/") == true)
        let text = try String(contentsOfFile: try #require(bundled.caFile), encoding: .utf8)
        #expect(text == (try String(contentsOfFile: system, encoding: .utf8)) + (try String(contentsOfFile: certificates.ca, encoding: .utf8)))
        bundled.close()
        #expect(!FileManager.default.fileExists(atPath: bundled.caFile!), "the bundle goes with its descriptor")
        var insecure = TLSOptions()
        insecure.verifyCertificates = false
        insecure.caCertificates = directory.file("missing.pem")
        #expect(throws: Never.self) { try TrustStore(insecure, environment: { _ in nil }) }
    }

    @Test("a --ca-cert file that is missing, empty, or holds no certificate is refused before any request",
          arguments: ["missing", "empty", "key only", "directory"])
    func badCACertificateFile(kind: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ca.pem")
        switch kind {
        case "empty": try "".write(toFile: path, atomically: true, encoding: .utf8)
        case "key only": try "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        case "directory": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default: break
        }
        var options = ConnectorOptions()
        options.tls.caCertificates = path
        #expect(throws: ConnectorError.self) { try Connector(options: options) }
        do {
            _ = try CACertificateFile.read(path)
            Issue.record("\(kind) was accepted")
        } catch {
            let expectMissing = kind == "missing" || kind == "directory"
            #expect(error.description.hasPrefix("--ca-cert \(path): "), "\(error)")
            if case .missing = error { #expect(expectMissing, "\(error)") } else { #expect(!expectMissing, "\(error)") }
        }
    }
}
