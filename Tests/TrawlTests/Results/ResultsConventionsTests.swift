import Foundation
import Testing

@Suite("Results: help, version and shell completion")
struct ResultsConventionsTests {
    static let commands = ["enqueue", "crawl", "config", "status", "export", "retry", "remove"]

    @Test("every command's --help has examples, defaults and exit statuses, with paragraphs ArgumentParser can wrap",
          arguments: commands)
    func help(command: String) async throws {
        let result = try await CLIRunner.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:") && result.stdout.contains("trawl \(command) --db"))
        #expect(result.stdout.contains("Exit status: 0"))
        #expect(result.stdout.contains("(default: ./trawl.db)"))
        // Regex examples (`example\.org`, `\?page=`) hold backslashes; a stray line continuation is one before a
        // space or a line end.
        #expect(!result.stdout.contains("\\ ") && !result.stdout.contains("\\\n"),
                "no stray line-continuation backslash: \(result.stdout)")
    }

    @Test("--version, and completion scripts that know every command")
    func versionAndCompletion() async throws {
        let version = try await CLIRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("trawl 0.1.0\nlibcurl 7."), "\(version.stdout)")
        // What the linked libcurl supports (issue 11): Debian's libcurl4-openssl has OpenSSL and nghttp2.
        #expect(version.stdout.contains("OpenSSL/") && version.stdout.contains("HTTP/2: yes (nghttp2 "),
                "\(version.stdout)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try await CLIRunner.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            for command in Self.commands { #expect(script.stdout.contains(command), "\(shell): \(command)") }
        }
        let help = try await CLIRunner.run(["--help"])
        #expect(help.stdout.contains("--generate-completion-script"))
    }
}
