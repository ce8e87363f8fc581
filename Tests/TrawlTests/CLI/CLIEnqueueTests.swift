import Foundation
import Testing

@Suite("CLI: enqueue and bad input", .serialized)
struct CLIEnqueueTests {
    @Test("a mixed file: each bad line named with its line number and reason, every good line stored, exit 1")
    func mixedFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let file = directory.file("urls.txt")
        try """
            # comment\r
            http://127.0.0.1:8731/\r

              https://Example.COM:443/a/./b/../c#frag  \r
            ftp://example.org/file
            example.com/no-scheme
               # indented comment
            http://
            http://127.0.0.1:8731/
            HTTPS://example.com/a/c
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await CLIRunner.run(["enqueue", "--db", db, "--file", file, "https://example.org/x"])
        #expect(result.status == 1)
        #expect(result.stdout == "enqueued 3, duplicates 2, rejected 3\n")
        let errors = result.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 3)
        #expect(errors[0].contains("\(file):5:") && errors[0].contains("unsupported scheme 'ftp'")
                && errors[0].hasSuffix("ftp://example.org/file"))
        #expect(errors[1].contains("\(file):6:") && errors[1].contains("not an absolute URL"))
        #expect(errors[2].contains("\(file):8:") && errors[2].contains("no host"))
        let urls = try CLIQuery.rows(db, "SELECT url FROM jobs ORDER BY id")
        #expect(urls == ["https://example.org/x", "http://127.0.0.1:8731/", "https://example.com/a/c"])
    }

    @Test("enqueued URLs go through the links' parser (WHATWG): stored URL and host key are the browser's")
    func storesTheURLStandardsForm() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let input = """
            http://0x7F.1:8731\\a\\b?
            HTTP://ＥＸＡＭＰＬＥ.com/%7e
            http:[0:0::1]:8080/x
            http://Bücher.de
            http://1.2.3.256/
            """
        let result = try await CLIRunner.run(["enqueue", "--db", db, "--file", "-"], stdin: input + "\n")
        #expect(result.status == 1)
        #expect(result.stdout == "enqueued 4, duplicates 0, rejected 1\n")
        #expect(result.stderr.contains(":5:") && result.stderr.contains("IPv4"), "\(result.stderr)")
        #expect(try CLIQuery.rows(db, "SELECT url || ' ' || host FROM jobs ORDER BY id") == [
            "http://127.0.0.1:8731/a/b? 127.0.0.1:8731",
            "http://example.com/~ example.com",
            "http://[::1]:8080/x [::1]:8080",
            "http://xn--bcher-kva.de/ xn--bcher-kva.de",
        ])
    }

    @Test("--file - reads standard input; a clean input exits 0")
    func standardInput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let result = try await CLIRunner.run(["enqueue", "--db", db, "--depth", "2", "--file", "-"],
                                       stdin: "http://a.test/1\nhttp://a.test/2\n")
        #expect(result.status == 0)
        #expect(result.stdout == "enqueued 2, duplicates 0, rejected 0\n")
        #expect(try CLIQuery.rows(db, "SELECT depth FROM jobs") == ["2", "2"])
    }

    @Test("every command refuses a file that is not a trawl database and leaves it untouched")
    func notATrawlDatabase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("important.txt")
        let bytes = Data("my thesis, chapter 1\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        for arguments in [["enqueue", "--db", path, "http://a.test/"], ["crawl", "--db", path],
                          ["status", "--db", path]] {
            let result = try await CLIRunner.run(arguments)
            #expect(result.status == 3, "\(arguments[0])")
            #expect(result.stderr.contains("\(path) is not a trawl database"), "\(arguments[0]): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["important.txt"])
    }

    @Test("bad flag values are refused with a usage error naming the flag")
    func badFlags() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIRunner.run(["crawl", "--db", directory.file("x.db"), "--limit", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'0' is invalid for '--limit <N>': out of range: expected 1 to 4096"))
        let follow = try await CLIRunner.run(["crawl", "--db", directory.file("x.db"), "--follow", "everything"])
        #expect(follow.status == 64 && follow.stderr.contains("follow"))
    }
}

/// Reads a database with the sqlite3 command-line tool, as users do.
enum CLIQuery {
    static func rows(_ db: String, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [db, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
