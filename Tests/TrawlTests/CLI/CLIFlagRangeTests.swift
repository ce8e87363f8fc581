import Foundation
import Testing

/// Numeric flags are checked against their documented range while the command line is parsed: a value
/// out of range, not a number, or negative is a usage error (64) naming the flag, the value and the range,
/// and nothing is created or run. Each case here crashed (SIGILL), hung or was silently ignored before.
@Suite("CLI: flag ranges and hints", .serialized)
struct CLIFlagRangeTests {
    struct BadValue: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        /// The flag and the range text the message must name.
        var flag: String
        var range: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badValues: [BadValue] = [
        BadValue(arguments: ["crawl", "--timeout", "inf"], flag: "--timeout", range: "0.001 to 86400 seconds"),
        BadValue(arguments: ["crawl", "--timeout", "-1"], flag: "--timeout", range: "0.001 to 86400 seconds"),
        BadValue(arguments: ["crawl", "--connect-timeout", "1e300"], flag: "--connect-timeout",
                 range: "0.001 to 86400 seconds"),
        BadValue(arguments: ["crawl", "--keepalive-timeout", "1e300"], flag: "--keepalive-timeout",
                 range: "0.001 to 86400 seconds"),
        BadValue(arguments: ["crawl", "--progress-interval", "1e300"], flag: "--progress-interval",
                 range: "0.01 to 86400 seconds"),
        BadValue(arguments: ["crawl", "--rate-per-host", "1e-300"], flag: "--rate-per-host",
                 range: "0 (no bound) or 0.001 to 10000 requests per second"),
        BadValue(arguments: ["crawl", "--rate-per-host", "nan"], flag: "--rate-per-host",
                 range: "0 (no bound) or 0.001 to 10000 requests per second"),
        BadValue(arguments: ["crawl", "--limit-per-host", "9223372036854775807"], flag: "--limit-per-host",
                 range: "0 (no bound) or 1 to 4096"),
        BadValue(arguments: ["crawl", "--workers", "10000000"], flag: "--workers", range: "1 to 4096"),
        BadValue(arguments: ["crawl", "--workers", "-1"], flag: "--workers", range: "1 to 4096"),
        BadValue(arguments: ["crawl", "--workers", "many"], flag: "--workers", range: "1 to 4096"),
        BadValue(arguments: ["crawl", "--limit", "0"], flag: "--limit", range: "1 to 4096"),
        BadValue(arguments: ["crawl", "--max-depth", "-1"], flag: "--max-depth", range: "0 to 1000000, or unlimited"),
        BadValue(arguments: ["crawl", "--max-pages", "0"], flag: "--max-pages", range: "1 to 1000000000000"),
        BadValue(arguments: ["crawl", "--max-bytes", "99999999999"], flag: "--max-bytes", range: "1 to 1073741824 bytes"),
        BadValue(arguments: ["crawl", "--retries", "-3"], flag: "--retries", range: "0 to 100"),
        BadValue(arguments: ["crawl", "--retry-delay", "-0.5"], flag: "--retry-delay", range: "0 to 86400 seconds"),
        BadValue(arguments: ["enqueue", "--depth", "9223372036854775807", "http://a.test/"], flag: "--depth",
                 range: "0 to 1000000"),
        BadValue(arguments: ["enqueue", "--depth", "-1", "http://a.test/"], flag: "--depth", range: "0 to 1000000"),
        BadValue(arguments: ["status", "--hosts", "-1"], flag: "--hosts", range: "0 to 1000000"),
        BadValue(arguments: ["status", "--errors", "1e3"], flag: "--errors", range: "0 to 1000000"),
        BadValue(arguments: ["retry", "--status", "99"], flag: "--status", range: "100 to 599"),
    ]

    @Test("a value out of range is a usage error naming the flag, the value and the range", arguments: badValues)
    func refused(_ bad: BadValue) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let result = try await CLIRunner.run(bad.arguments + ["--db", db], timeout: 30)
        #expect(result.status == 64, "\(result.stderr)")
        let value = bad.arguments[bad.arguments.firstIndex(of: bad.flag)! + 1]
        #expect(result.stderr.contains("'\(value)'") && result.stderr.contains(bad.flag)
                && result.stderr.contains(bad.range), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "a negative number is a value, not a missing one")
        #expect(!FileManager.default.fileExists(atPath: db), "refused before the database is created")
    }

    @Test("the largest values of every crawl flag are accepted, and the crawl runs (empty queue)")
    func maximaAccepted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // `trawl config` creates the database (with nothing queued); `crawl` does not create one.
        #expect(try await CLIRunner.run(["config", "--db", directory.file("crawl.db"), "--workers", "8"]).status == 0)
        let result = try await CLIRunner.run([
            "crawl", "--db", directory.file("crawl.db"), "--workers", "4096", "--limit", "4096",
            "--limit-per-host", "4096", "--rate-per-host", "10000", "--connect-timeout", "86400",
            "--timeout", "86400", "--keepalive-timeout", "86400", "--progress-interval", "86400",
            "--max-depth", "1000000", "--max-pages", "1000000000000", "--max-bytes", "1073741824",
            "--retries", "100", "--retry-delay", "86400",
        ], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("crawl ended (queue empty)"))
    }

    struct UnknownFlag: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var suggested: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let unknownFlags: [UnknownFlag] = [
        UnknownFlag(arguments: ["crawl", "--delay", "1"], suggested: ["'--rate-per-host'"]),
        UnknownFlag(arguments: ["crawl", "--domains", "a.test"], suggested: ["'--follow'"]),
        UnknownFlag(arguments: ["crawl", "--reject-regex", "/ads"], suggested: ["'--exclude'"]),
        UnknownFlag(arguments: ["crawl", "--concurrency", "8"], suggested: ["'--workers'"]),
        UnknownFlag(arguments: ["crawl", "--worker", "8"], suggested: ["'--workers'"]),
        UnknownFlag(arguments: ["crawl", "--depth", "2"], suggested: ["'--max-depth'"]),
        UnknownFlag(arguments: ["enqueue", "--max-depth", "2", "http://a.test/"], suggested: ["'--depth'"]),
        UnknownFlag(arguments: ["status", "--host", "3"], suggested: ["'--hosts'"]),
        UnknownFlag(arguments: ["export", "--formats", "csv"], suggested: ["'--format'"]),
    ]

    @Test("an unknown flag gets a hint naming the nearest flag of that command", arguments: unknownFlags)
    func unknownFlagHint(_ unknown: UnknownFlag) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIRunner.run(unknown.arguments + ["--db", directory.file("crawl.db")], timeout: 30)
        #expect(result.status == 64)
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("Unknown option '\(unknown.arguments[1])'") && first.contains("Did you mean"), "\(first)")
        for flag in unknown.suggested { #expect(first.contains(flag), "\(first)") }
        #expect(result.stderr.contains("Usage: trawl \(unknown.arguments[0])"), "the usage still follows")
    }

    @Test("an unknown flag far from every flag gets no made-up hint")
    func unknownFlagWithoutHint() async throws {
        let result = try await CLIRunner.run(["status", "--zzzzzzzzzz"], timeout: 30)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown option '--zzzzzzzzzz'") && !result.stderr.contains("Did you mean"))
    }

    @Test("--help shows each numeric flag's range and default")
    func helpShowsRanges() async throws {
        let result = try await CLIRunner.run(["crawl", "--help"], timeout: 30)
        #expect(result.status == 0)
        let help = result.stdout.split(separator: "\n").joined(separator: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(help.contains("Range: 1 to 4096. (default: 64)"), "\(help)")
        #expect(help.contains("Range: 0 (no bound) or 0.001 to 10000 requests per second. (default: 0)"))
        #expect(help.contains("Range: 0.001 to 86400 seconds. (default: 30)"))
    }
}
