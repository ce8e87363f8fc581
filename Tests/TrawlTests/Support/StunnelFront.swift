import Foundation

/// stunnel (Debian's `stunnel4`) in front of another proxy, so that clients speak TLS to it: an https://
/// proxy (curl's HTTPS-proxy mode) made of a real TLS terminator and tinyproxy behind it. Runs in the
/// foreground with its own configuration in a temporary folder, on a loopback port; its log (level notice)
/// says "Service [proxy] accepted connection from 127.0.0.1:…" for each TLS connection it took.
final class StunnelFront: Sendable {
    let server: ProxyProcess

    /// `pair`: the certificate (for 127.0.0.1) and key it presents; `backend`: the port it forwards to.
    init(pair: TestCertificates.Pair, backend: UInt16) async throws {
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        let config = directory.file("stunnel.conf")
        try """
            foreground = yes
            pid =
            debug = notice
            [proxy]
            accept = 127.0.0.1:\(port)
            connect = 127.0.0.1:\(backend)
            cert = \(pair.certificate)
            key = \(pair.key)

            """.write(toFile: config, atomically: true, encoding: .utf8)
        server = try await ProxyProcess(
            executable: "/usr/bin/stunnel4", arguments: [config], port: port, directory: directory)
    }

    /// `https://127.0.0.1:PORT`.
    var url: String { "https://\(server.authority)" }

    /// TLS connections it accepted.
    var acceptedConnections: Int {
        server.output.split(separator: "\n").filter { $0.contains("accepted connection") }.count
    }

    func stop() async { await server.stopOffPool() }
}
