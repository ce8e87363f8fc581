import Foundation

/// Runs the built `trawl` executable, as a user would, and captures its output and exit status.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `trawl` binary beside the test bundle (`swift build` puts every product in one folder).
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("trawl")
    }

    /// Starts `trawl arguments…` without waiting (for tests that signal it).
    static func start(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
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

    /// Runs `trawl arguments…` to completion, killing it after `timeout` seconds.
    static func run(_ arguments: [String], stdin: String? = nil, timeout: Double = 60) async throws -> Result {
        let (process, out, err) = try start(arguments, stdin: stdin)
        // Read both pipes while the process runs, so that a full pipe never blocks it.
        let outData = ReadAll(out), errData = ReadAll(err)
        if try await !exited(process, timeout: timeout) { process.interrupt(); kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: await outData.textWhenClosed(),
                      stderr: await errData.textWhenClosed())
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
            _ = done.wait(timeout: .now() + 10)
            return String(decoding: data, as: UTF8.self)
        }
        /// `text()` without blocking a thread of Swift's cooperative pool: the pipe's end may be late when
        /// other tests' child processes inherited its write end.
        func textWhenClosed() async -> String {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.text()) }
            }
        }
    }
}
