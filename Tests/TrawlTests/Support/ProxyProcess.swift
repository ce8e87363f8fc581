import Foundation

/// A proxy server program started by a test (tinyproxy, microsocks): its process, listening on a loopback
/// port it was given, stopped by its PID with a bounded wait. The per-proxy types (`TinyProxy`,
/// `MicroSocks`) write its configuration and read its log.
final class ProxyProcess: @unchecked Sendable {
    let process: Process
    let port: UInt16
    let directory: TemporaryDirectory
    /// Where the program's standard output and error go.
    let outputPath: String

    /// Starts `executable arguments…` (which must listen on `host`:`port`, a loopback address), and waits up
    /// to 10 s until the port accepts connections.
    init(
        executable: String, arguments: [String], port: UInt16, directory: TemporaryDirectory,
        host: String = "127.0.0.1"
    ) async throws {
        self.port = port
        self.directory = directory
        outputPath = directory.file("output.log")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        let process = self.process
        let ready = try await eventually(timeout: 10) { !process.isRunning || LoopbackPort.accepts(port, host: host) }
        guard ready, process.isRunning else {
            let log = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            stop()
            throw ProxyStartFailure(message: "\(executable) did not listen on \(host):\(port): \(log)")
        }
    }

    /// A test that threw before `stop()` still ends the process (at once: SIGKILL, no wait).
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// `host:port` as a URL authority.
    var authority: String { "127.0.0.1:\(port)" }

    /// What the program printed.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// SIGTERM by PID, then up to 5 s for the process to go, then SIGKILL; removes its files. Idempotent.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// `stop()` without holding a thread of the cooperative pool.
    func stopOffPool() async {
        _ = try? await offPool { self.stop() }
        directory.remove()
    }
}

struct ProxyStartFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Loopback ports for programs the tests start.
enum LoopbackPort {
    /// A port free on 127.0.0.1 now (the kernel's choice for a bind to port 0, released at once). Another
    /// program could take it before ours binds it: the proxies' start-up then fails with a clear message.
    static func free() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether 127.0.0.1:`port` accepts a TCP connection now.
    static func accepts(_ port: UInt16, host: String = "127.0.0.1") -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
