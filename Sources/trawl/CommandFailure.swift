import ArgumentParser
import TrawlCrawl
import TrawlStore
#if canImport(Glibc)
import Glibc
#endif

/// Exit statuses, documented in the README.
extension ExitCode {
    /// Some input was rejected (the valid rest was kept).
    static let rejectedInput = ExitCode(1)
    /// The database could not be used: not a trawl database, unreadable, damaged, newer schema, write failure.
    static let databaseError = ExitCode(3)
    /// A file to read is not there: the `--db` database (only `enqueue` creates one), or `enqueue --file`
    /// (missing, unreadable, a directory). sysexits' EX_NOINPUT.
    static let noInput = ExitCode(66)
    static let noDatabase = noInput
    /// Another program held the database's lock longer than `--lock-timeout`, or (`trawl index`) a crawl is
    /// running: nothing is wrong with the database, run the command again later (sysexits EX_TEMPFAIL).
    static let databaseBusy = ExitCode(75)
    /// `--metrics` cannot listen on the address given: the port is in use, the address is not this machine's,
    /// or a privileged port (sysexits EX_OSERR: `bind(2)` failed).
    static let cannotListen = ExitCode(71)
    /// Stopped by SIGINT (SIGTERM: 143).
    static let interrupted = ExitCode(130)
}

/// An error the CLI reports as "trawl: message" on stderr before exiting with `exitCode`.
struct CommandFailure: Error {
    var message: String
    var exitCode: ExitCode

    init(message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A failure of the database or the crawl, with the exit status its kind documents: 66 for a missing
    /// database, 75 for a lock held too long or a running crawl, 3 for anything else.
    init(_ error: any Error) {
        self.message = "\(error)"
        let storeError = (error as? StoreError) ?? ((error as? CrawlError)?.storeError)
        switch storeError {
        case .missing: exitCode = .noDatabase
        case .locked, .crawlRunning: exitCode = .databaseBusy
        default: exitCode = .databaseError
        }
    }
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
