import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Exit statuses, documented in the README.
extension ExitCode {
    /// Some input was rejected (the valid rest was kept).
    static let rejectedInput = ExitCode(1)
    /// The database could not be used: not a trawl database, unreadable, newer schema, write failure.
    static let databaseError = ExitCode(3)
    /// `enqueue --file`: the file cannot be read (missing, unreadable, a directory); sysexits' EX_NOINPUT.
    static let noInput = ExitCode(66)
    /// Stopped by SIGINT (SIGTERM: 143).
    static let interrupted = ExitCode(130)
}

/// An error the CLI reports as "trawl: message" on stderr before exiting with `exitCode`.
struct CommandFailure: Error {
    var message: String
    var exitCode: ExitCode
}

/// Writes one line to standard error.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning a `CommandFailure` into its message and exit status.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            printError("trawl: \(failure.message)")
            throw failure.exitCode
        }
    }
}
