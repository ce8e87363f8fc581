import Foundation

/// Runs Prometheus's `promtool check metrics` (Debian's prometheus package; `scripts/setup.sh` installs it)
/// on an exposition, off the cooperative pool.
enum PromTool {
    static let path = "/usr/bin/promtool"

    struct Check: Sendable {
        var status: Int32
        /// promtool prints its lint complaints ("… should have "_total" suffix") here.
        var output: String
    }

    /// `promtool check metrics < text`; nil when promtool is not installed.
    static func checkMetrics(_ text: String) async throws -> Check? {
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["check", "metrics"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Check(status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self))
        }
    }
}
