import Foundation
import Glibc

/// A real nginx (Debian's `nginx-light`: /usr/sbin/nginx, with ssl and http2) started by a test on loopback,
/// for what the project's `LoopbackServer` does not speak: TLS and HTTP/2 (and proxies' targets).
///
/// Everything is under the test's directory: the configuration, prefix, pid file, temp paths, error and
/// access logs. nginx runs in the foreground as one process (`daemon off; master_process off;`), so the
/// test owns exactly one process id, and `stop()` ends it (SIGTERM, then SIGKILL after a bounded wait).
/// It listens on the sites' 127.0.0.x addresses only, all on one free port.
///
/// The access log is the server-side evidence: one `NginxLogEntry` per request, with nginx's connection
/// serial number (`$connection`), the request's number on it (`$connection_requests`), the protocol
/// (`$server_protocol`: HTTP/1.1, HTTP/2.0), and its end time and duration (`$msec`, `$request_time`), from
/// which `NginxLogEntry.peakConcurrency` computes the requests in flight.
///
///     let site = NginxServer.Site(address: "127.0.0.230", root: root, tls: certificates.valid,
///                                 locations: ["/slow/": "limit_rate 3000;"])
///     let nginx = try await NginxServer.start([site], in: directory.path)
///     defer { nginx.stop() }   // or `await nginx.stop()` for a bounded wait
///     … fetch nginx.url(site, "/") …
///     let entries = try nginx.accessLog()
final class NginxServer: @unchecked Sendable {
    /// One `server` block: an address, what it serves, and how.
    struct Site: Sendable {
        var address: String
        /// The folder served (`root`); `StaticSite.write` fills one.
        var root: String
        /// The certificate and key presented; nil for plain http://.
        var tls: TestCertificates.Pair?
        /// Offer h2 in ALPN (nginx 1.22's `listen … ssl http2`); only with `tls`.
        var http2 = true
        /// Directives per location prefix, e.g. `["/slow/": "limit_rate 3000;"]` (a response sent at 3,000
        /// bytes per second: a request that stays in flight for as long as the test wants).
        var locations: [String: String] = [:]

        var scheme: String { tls == nil ? "http" : "https" }
    }

    static let executable = "/usr/sbin/nginx"
    let sites: [Site]
    let port: Int
    let directory: String
    var accessLogPath: String { directory + "/access.log" }
    var errorLogPath: String { directory + "/error.log" }
    private let process: Process

    private init(sites: [Site], port: Int, directory: String, process: Process) {
        self.sites = sites
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// `scheme://address:port/path` of `site`.
    func url(_ site: Site, _ path: String = "/") -> String { "\(site.scheme)://\(site.address):\(port)\(path)" }
    /// The host key trawl uses for `site` (`127.0.0.230:8443`).
    func hostKey(_ site: Site) -> String { "\(site.address):\(port)" }

    /// Starts nginx in `parent/nginx` (created) and waits until every site accepts connections. A port
    /// taken meanwhile by someone else is retried with another.
    static func start(_ sites: [Site], in parent: String) async throws -> NginxServer {
        precondition(!sites.isEmpty && sites.allSatisfy { $0.address.hasPrefix("127.") }, "loopback sites only")
        let directory = parent + "/nginx"
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        var lastError = ""
        for _ in 0..<5 {
            let port = try freePort(on: sites[0].address)
            let configuration = directory + "/nginx.conf"
            try self.configuration(sites, port: port, directory: directory)
                .write(toFile: configuration, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-p", directory, "-c", configuration, "-e", directory + "/error.log"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = NginxServer(sites: sites, port: port, directory: directory, process: process)
            if try await server.waitUntilListening(timeout: 10) { return server }
            await server.stop()
            lastError = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
            guard lastError.contains("Address already in use") else { break }
        }
        throw NginxFailure(message: "nginx did not start: \(lastError.suffix(2000))")
    }

    /// Every request nginx logged so far, in order of completion.
    func accessLog() throws -> [NginxLogEntry] {
        guard FileManager.default.fileExists(atPath: accessLogPath) else { return [] }
        return try String(contentsOfFile: accessLogPath, encoding: .utf8).split(separator: "\n")
            .compactMap { NginxLogEntry(line: $0) }
    }

    /// Stops nginx (SIGTERM: a fast shutdown, open connections closed), waits up to 10 s, then SIGKILL.
    func stop() async {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            if (try? await exited(process, timeout: 10)) != true { kill(process.processIdentifier, SIGKILL) }
        }
        let process = self.process
        _ = try? await offPool { process.waitUntilExit() }
    }

    /// Whether every site accepts a TCP connection within `timeout` seconds (false: nginx exited).
    private func waitUntilListening(timeout: Double) async throws -> Bool {
        let addresses = sites.map(\.address), port = port
        return try await eventually(timeout: timeout) {
            guard process.isRunning else { return true }
            return addresses.allSatisfy { Self.accepts(address: $0, port: port) }
        } && process.isRunning
    }

    /// A blocking connect to loopback: answered at once (accepted or refused).
    private static func accepts(address: String, port: Int) -> Bool {
        (try? RawHTTPClient(address: address, port: UInt16(port))) != nil
    }

    /// A port free on `address` now (bound to port 0, then released).
    private static func freePort(on address: String) throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw NginxFailure(message: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, address, &socketAddress.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw NginxFailure(message: "cannot bind \(address): errno \(errno)") }
        return Int(UInt16(bigEndian: socketAddress.sin_port))
    }

    /// The whole nginx.conf. `user root;` only when the test runs as root (nginx would otherwise drop to
    /// nobody, who cannot read the test's 0700 folder); unprivileged, nginx stays the test's user.
    private static func configuration(_ sites: [Site], port: Int, directory: String) -> String {
        var text = """
            # Written by the trawl tests (NginxServer.swift).
            \(geteuid() == 0 ? "user root;" : "")
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log info;
            events { worker_connections 1024; }
            http {
                types { text/html html; text/plain txt; }
                default_type application/octet-stream;
                charset utf-8;
                server_tokens off;
                keepalive_timeout 60s;
                log_format trawl_tests '$connection\\t$connection_requests\\t$server_protocol\\t$msec\\t$request_time\\t$status\\t$server_addr\\t$request_uri\\t$http_user_agent';
                access_log \(directory)/access.log trawl_tests;
                client_body_temp_path \(directory)/tmp/body;
                proxy_temp_path \(directory)/tmp/proxy;
                fastcgi_temp_path \(directory)/tmp/fastcgi;
                uwsgi_temp_path \(directory)/tmp/uwsgi;
                scgi_temp_path \(directory)/tmp/scgi;

            """
        for site in sites {
            let listen = site.tls == nil ? "" : site.http2 ? " ssl http2" : " ssl"
            text += "    server {\n        listen \(site.address):\(port)\(listen);\n        root \(site.root);\n"
            if let tls = site.tls {
                text += "        ssl_certificate \(tls.certificate);\n        ssl_certificate_key \(tls.key);\n"
            }
            for (prefix, directives) in site.locations.sorted(by: { $0.key < $1.key }) {
                text += "        location \(prefix) { \(directives) }\n"
            }
            text += "    }\n"
        }
        return text + "}\n"
    }
}

/// One line of `NginxServer`'s access log.
struct NginxLogEntry: Sendable, Equatable {
    /// nginx's serial number of the connection (`$connection`): equal for requests on one connection.
    var connection: Int
    /// This request's number on its connection, from 1 (`$connection_requests`).
    var connectionRequests: Int
    /// "HTTP/1.1", "HTTP/2.0" (`$server_protocol`).
    var serverProtocol: String
    /// When the response was done, Unix seconds with milliseconds (`$msec`).
    var end: Double
    /// Seconds from the request's first bytes to the response's end (`$request_time`).
    var duration: Double
    var status: Int
    var serverAddress: String
    var uri: String
    var userAgent: String

    var start: Double { end - duration }

    init?(line: Substring) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 9, let connection = Int(fields[0]), let requests = Int(fields[1]),
              let end = Double(fields[3]), let duration = Double(fields[4]), let status = Int(fields[5]) else {
            return nil
        }
        self.connection = connection
        self.connectionRequests = requests
        self.serverProtocol = fields[2]
        self.end = end
        self.duration = duration
        self.status = status
        self.serverAddress = fields[6]
        self.uri = fields[7]
        self.userAgent = fields[8]
    }

    /// The most requests in flight at once among `entries`, from their [start, end] intervals. nginx logs
    /// times to the millisecond, so two intervals count as overlapping only by more than `tolerance`
    /// seconds: a request started just after another ended on the same connection is not concurrent.
    static func peakConcurrency(_ entries: [NginxLogEntry], tolerance: Double = 0.005) -> Int {
        entries.map { entry in
            entries.filter { $0.start < entry.start + tolerance && $0.end > entry.start + tolerance }.count
        }.max() ?? 0
    }
}

struct NginxFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A static site on disk for `NginxServer`: path (from the site's root, "/a/b.html") → content.
enum StaticSite {
    static func write(_ files: [String: String], to root: String) throws {
        for (path, content) in files {
            let file = root + path
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }
}
