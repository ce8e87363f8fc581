import Foundation

/// Runs a command-line tool of the system (`openssl`) to completion, off the cooperative pool, and throws
/// with its standard error when it fails: test setup that fails says why.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let stderr: String
        var description: String { "\(command.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    /// Runs `executable arguments…` in `directory`; returns its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> String {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Small outputs: read both to the end, then reap.
            let errors = CLIRunner.ReadAll(err)
            let output = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(command: [executable] + arguments, status: process.terminationStatus,
                              stderr: errors.text())
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
