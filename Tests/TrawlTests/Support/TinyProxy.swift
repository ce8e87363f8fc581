import Foundation

/// tinyproxy (Debian's `tinyproxy`), an HTTP proxy, on a loopback port with its own configuration, log and
/// pid file in a temporary folder; run in the foreground (`-d`), so that the test holds its PID.
///
/// It forwards http:// requests (adding `Via: 1.1 tinyproxy (tinyproxy/1.11.1)`) and tunnels https:// ones
/// with CONNECT; at `LogLevel Connect` its log names every request (`Request … GET http://127.0.0.2:…`,
/// `Request … CONNECT 127.0.0.2:443`), never the credentials of a `BasicAuth`.
final class TinyProxy: Sendable {
    let server: ProxyProcess
    private let logPath: String

    /// `credentials`: tinyproxy's `BasicAuth` (RFC 7617; requests without them get 407).
    init(credentials: (user: String, password: String)? = nil) async throws {
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        logPath = directory.file("tinyproxy.log")
        var lines = [
            "Port \(port)", "Listen 127.0.0.1", "Timeout 30", "MaxClients 64",
            "LogFile \"\(logPath)\"", "LogLevel Connect", "PidFile \"\(directory.file("tinyproxy.pid"))\"",
            "Allow 127.0.0.1",
        ]
        if let credentials { lines.append("BasicAuth \(credentials.user) \(credentials.password)") }
        let config = directory.file("tinyproxy.conf")
        try (lines.joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        server = try await ProxyProcess(
            executable: "/usr/bin/tinyproxy", arguments: ["-d", "-c", config], port: port, directory: directory)
    }

    /// `http://127.0.0.1:PORT`, or with `user:password@`.
    func url(user: String? = nil, password: String? = nil) -> String {
        guard let user else { return "http://\(server.authority)" }
        return "http://\(user):\(password ?? "")@\(server.authority)"
    }

    /// The request lines tinyproxy logged: "GET http://127.0.0.2:4242/ HTTP/1.1", "CONNECT 127.0.0.2:443 HTTP/1.1".
    var requests: [String] {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "): ", options: .backwards), line.contains("Request (") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func stop() async { await server.stopOffPool() }
}
