import Foundation

/// A TLS origin server for proxy tests: `openssl s_server -www` on a loopback address, with a self-signed
/// certificate for that address made by `openssl req` in a temporary folder. It answers any HTTPS request
/// with a status page; its output records each handshake a client aborted ("… alert unknown ca … SSL alert
/// number 48"): evidence that a TLS handshake reached it, for instance through a proxy's CONNECT tunnel.
final class TLSOrigin: Sendable {
    let server: ProxyProcess
    let address: String
    var port: UInt16 { server.port }

    /// `pair`: the certificate and key to present (e.g. `TestCertificates.valid`); nil: a self-signed one.
    init(address: String, pair: TestCertificates.Pair? = nil) async throws {
        let directory = try TemporaryDirectory()
        var key = directory.file("key.pem"), certificate = directory.file("cert.pem")
        if let pair {
            (key, certificate) = (pair.key, pair.certificate)
        } else {
            try await Self.openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                "-subj", "/CN=\(address)", "-addext", "subjectAltName=IP:\(address)",
            ])
        }
        self.address = address
        let port = try LoopbackPort.free()
        server = try await ProxyProcess(
            executable: "/usr/bin/openssl",
            arguments: ["s_server", "-accept", "\(address):\(port)", "-cert", certificate, "-key", key, "-www"],
            port: port, directory: directory, host: address)
    }

    /// Handshakes the client gave up because it did not trust the certificate (TLS alert 48, unknown_ca).
    var handshakes: Int {
        server.output.split(separator: "\n").filter { $0.contains("alert unknown ca") }.count
    }

    func stop() async { await server.stopOffPool() }

    private static func openssl(_ arguments: [String]) async throws {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ProxyStartFailure(message: "openssl \(arguments.first ?? "") failed")
            }
        }
    }
}
