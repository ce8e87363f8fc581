import Foundation

/// Runs the built `trawl` executable, as a user would, and captures its output and exit status.
struct CLIRunner {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `trawl` binary beside the test bundle (`swift build` puts every product in one folder), or the one
    /// named by `TRAWL_CLI` (to measure another build with the same tests, e.g. main's before a change).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["TRAWL_CLI"] { return URL(fileURLWithPath: path) }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("trawl")
    }

    /// Starts `trawl arguments…` without waiting (for tests that signal it).
    /// `launcher`: a command that runs trawl, e.g. setpriv to run it as another user; `environment`: variables
    /// set for it on top of the test's own.
    static func start(
        _ arguments: [String], stdin: String? = nil, as launcher: [String] = [],
        environment: [String: String] = [:]
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        if let first = launcher.first {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return (process, out, err)
    }

    /// Starts `trawl arguments…` reading from `standardInput` (a `Pipe` the test writes to, or a
    /// `FileHandle` such as a terminal), without waiting.
    static func start(_ arguments: [String], standardInput: Any) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = standardInput
        try process.run()
        return (process, out, err)
    }

    /// Runs `trawl arguments…` to completion, killing it after `timeout` seconds (stretched under a sanitizer). `environment`: variables set
    /// for it on top of the test's own (SSL_CERT_FILE, https_proxy…).
    static func run(_ arguments: [String], stdin: String? = nil, timeout: Double = 60, as launcher: [String] = [],
                    environment: [String: String] = [:]) async throws -> Result
    {
        let (process, out, err) = try start(arguments, stdin: stdin, as: launcher, environment: environment)
        // Read both pipes while the process runs, so that a full pipe never blocks it.
        let outData = ReadAll(out), errData = ReadAll(err)
        if try await !exited(process, timeout: timeout) { process.interrupt(); kill(process.processIdentifier, SIGKILL) }
        // The last waits (reaping the process, the pipes' ends) block, so they run off the cooperative pool.
        return try await offPool {
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: outData.text(), stderr: errData.text())
        }
    }

    /// Drains a pipe on a background thread.
    final class ReadAll: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }
        }
        func text() -> String {
            _ = done.wait(timeout: .now() + Sanitizer.scaled(10))
            return String(decoding: data, as: UTF8.self)
        }
        /// `text()` without blocking a thread of Swift's cooperative pool: the pipe's end may be late when
        /// other tests' child processes inherited its write end.
        func textWhenClosed() async -> String {
            (try? await offPool { self.text() }) ?? ""
        }
    }
}
