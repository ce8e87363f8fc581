import Foundation

/// microsocks (Debian's `microsocks`), a SOCKS5 proxy (RFC 1928), on a loopback port, optionally with a
/// user and password (RFC 1929: `-u`/`-P`). It logs each tunnel as it opens it:
/// "client[4] 127.0.0.1: connected to localhost:4242" — the target as the client named it, so a name
/// there means the proxy resolved it (socks5h://), an address that the client did (socks5://).
final class MicroSocks: Sendable {
    let server: ProxyProcess

    init(credentials: (user: String, password: String)? = nil) async throws {
        let port = try LoopbackPort.free()
        var arguments = ["-i", "127.0.0.1", "-p", String(port)]
        if let credentials { arguments += ["-u", credentials.user, "-P", credentials.password] }
        server = try await ProxyProcess(
            executable: "/usr/bin/microsocks", arguments: arguments, port: port, directory: try TemporaryDirectory())
    }

    /// `scheme://[user:password@]127.0.0.1:PORT`.
    func url(scheme: String = "socks5h", user: String? = nil, password: String? = nil) -> String {
        let userinfo = user.map { "\($0):\(password ?? "")@" } ?? ""
        return "\(scheme)://\(userinfo)\(server.authority)"
    }

    /// The targets of the tunnels opened: "localhost:4242", "127.0.0.1:4242".
    var tunnels: [String] {
        server.output.split(separator: "\n").compactMap { line in
            line.range(of: "connected to ").map { String(line[$0.upperBound...]) }
        }
    }

    func stop() async { await server.stopOffPool() }
}
