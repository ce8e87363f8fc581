import Foundation
import Testing

/// Enqueue input that used to exhaust memory, flood the terminal or be misreported: huge lines, binary
/// files, missing files and directories, a terminal, an interrupted pipe.
@Suite("CLI: enqueue input that is huge, binary, missing or interrupted", .serialized)
struct CLIEnqueueInputTests {
    @Test("a 30 MB line between two URLs: rejected with a short message, both URLs stored")
    func hugeLineInFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let file = directory.file("urls.txt")
        let hugeLength = 30 << 20
        var bytes = Data("http://a.test/before\n".utf8)
        bytes.append(Data("http://a.test/".utf8))
        bytes.append(Data(repeating: UInt8(ascii: "a"), count: hugeLength - 14))
        bytes.append(Data("\r\nhttp://a.test/after\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: file))

        let result = try await CLIRunner.run(["enqueue", "--db", db, "--file", file], timeout: 120)
        #expect(result.status == 1)
        #expect(result.stdout == "enqueued 2, duplicates 0, rejected 1\n")
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 1)
        let message = String(errors.first ?? "")
        #expect(message.contains("\(file):2: too long: \(hugeLength) bytes, more than the maximum URL length of 2083"),
                "\(message.prefix(300))")
        #expect(message.hasSuffix("… (\(hugeLength) bytes)"))
        #expect(message.count < 400, "no megabytes echoed")
        #expect(try CLIQuery.rows(db, "SELECT url FROM jobs ORDER BY id")
                == ["http://a.test/before", "http://a.test/after"])
    }

    @Test("a 100 MB line on standard input is skipped in bounded memory (peak RSS growth read while it runs)")
    func hugeLineMemory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let input = Pipe()
        let (process, out, err) = try CLIRunner.start(["enqueue", "--db", db, "--file", "-"], standardInput: input)
        let stdout = CLIRunner.ReadAll(out), stderr = CLIRunner.ReadAll(err)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let writer = input.fileHandleForWriting
        let hugeLength = 100 << 20
        // The baseline: trawl at work (the database open, a line read and stored), before the huge line.
        // Growth from there is what the line costs, whatever the build: a sanitizer's runtime adds tens of
        // MB of its own, and an absolute bound measured it rather than the reader.
        try await onThread { writer.write(Data("http://a.test/before\n".utf8)) }
        let storedFirst = try await eventually(timeout: 30) {
            (try? CLIQuery.rows(db, "SELECT url FROM jobs")) == ["http://a.test/before"]
        }
        #expect(storedFirst, "the first line is stored as it comes")
        let baseline = try #require(peakResidentBytes(of: process.processIdentifier))
        // Blocking writes, off the cooperative pool. A pipe holds 64 KiB: once the write returns, trawl
        // has read all of the line but that much, and is still running, waiting for more input.
        try await onThread {
            writer.write(Data("http://a.test/".utf8))
            writer.write(Data(repeating: UInt8(ascii: "b"), count: hugeLength - 14))
        }
        let peak = peakResidentBytes(of: process.processIdentifier)
        try await onThread {
            writer.write(Data("\nhttp://a.test/after\n".utf8))
            try writer.close()
        }
        #expect(try await exited(process, timeout: 60))
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(await stdout.textWhenClosed() == "enqueued 2, duplicates 0, rejected 1\n")
        #expect(await stderr.textWhenClosed().contains("stdin:2: too long: \(hugeLength) bytes"))
        let peakBytes = try #require(peak)
        let growth = peakBytes - baseline
        print("100 MB line: peak RSS \(peakBytes >> 20) MB, \(growth >> 20) MB over the baseline \(baseline >> 20) MB")
        #expect(growth < 20 << 20, "peak RSS grew by \(growth >> 20) MB (to \(peakBytes >> 20) MB) for a 100 MB line")
        #expect(try CLIQuery.rows(db, "SELECT url FROM jobs ORDER BY id")
                == ["http://a.test/before", "http://a.test/after"])
    }

    @Test("a binary file: each rejected line shown escaped and cut, never raw bytes; the URLs around it stored")
    func binaryInput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let file = directory.file("urls.bin")
        var bytes = Data("http://a.test/1\n".utf8)
        // Every byte value, escape sequences and invalid UTF-8 included, in lines of up to 1,000 bytes.
        var noise = [UInt8]()
        for index in 0..<6000 { noise.append(UInt8(truncatingIfNeeded: index &* 7 &+ index / 256)) }
        bytes.append(contentsOf: noise.map { $0 == 0x0A ? 0x1B : $0 })
        bytes.append(Data("\nhttp://a.test/2\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: file))

        let result = try await CLIRunner.run(["enqueue", "--db", db, "--file", file], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stdout == "enqueued 2, duplicates 0, rejected 1\n")
        let raw = Array(result.stderr.utf8)
        #expect(!raw.contains(0x1B) && !raw.contains(0x00) && !raw.contains(0x07), "no control byte reaches the terminal")
        #expect(!result.stderr.contains("\u{FFFD}"), "bytes that are not UTF-8 are shown as \\xNN")
        #expect(result.stderr.contains("\\x1B") && result.stderr.contains("\\x00"))
        #expect(result.stderr.contains("… (6000 bytes)"))
        for line in result.stderr.split(separator: "\n") { #expect(line.count < 400) }
        #expect(try CLIQuery.rows(db, "SELECT url FROM jobs ORDER BY id") == ["http://a.test/1", "http://a.test/2"])
    }

    struct Unreadable: CustomTestStringConvertible, Sendable {
        var name: String
        var reason: String
        var testDescription: String { name }
    }

    @Test("--file that is missing or a directory: its own message and exit 66, nothing created",
          arguments: [Unreadable(name: "missing", reason: "No such file or directory"),
                      Unreadable(name: "directory", reason: "it is a directory, not a file of URLs")])
    func unreadableFile(_ unreadable: Unreadable) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let path = unreadable.name == "missing" ? directory.file("no-such-file.txt") : directory.path
        let result = try await CLIRunner.run(["enqueue", "--db", db, "--file", path, "http://a.test/"])
        #expect(result.status == 66)
        #expect(result.stderr.contains(path) && result.stderr.contains(unreadable.reason), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: db), "no database created, nothing stored")
    }

    @Test("--file that cannot be opened for reading: exit 66 with the system's reason")
    func permissionDenied() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // root reads any file whatever its mode; a write-only procfs file is refused even to root.
        let path: String
        if getuid() == 0 {
            path = "/proc/sys/vm/drop_caches"
            let probe = open(path, O_RDONLY)
            if probe >= 0 { close(probe) }
            try #require(probe < 0, "this machine lets root read \(path)")
        } else {
            path = directory.file("secret.txt")
            try "http://a.test/\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0)
        }
        let result = try await CLIRunner.run(["enqueue", "--db", directory.file("crawl.db"), "--file", path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("cannot open \(path): Permission denied"), "\(result.stderr)")
    }

    @Test("--file - on a terminal says it is reading standard input; a pipe does not")
    func terminalHint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let (process, out, err) = try CLIRunner.start(["enqueue", "--db", db, "--file", "-"],
                                                      standardInput: terminal.secondary)
        let stdout = CLIRunner.ReadAll(out), stderr = CLIRunner.ReadAll(err)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        terminal.type("http://a.test/typed\n\u{04}")  // a line, then Ctrl-D
        #expect(try await exited(process, timeout: 30))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(await stderr.textWhenClosed().contains("reading URLs from standard input (end with Ctrl-D)"))
        #expect(await stdout.textWhenClosed() == "enqueued 1, duplicates 0, rejected 0\n")

        let piped = try await CLIRunner.run(["enqueue", "--db", db, "--file", "-"], stdin: "http://a.test/piped\n")
        #expect(piped.status == 0 && !piped.stderr.contains("reading URLs"))
    }

    @Test("SIGINT or SIGTERM while reading a slow pipe: the URLs read are stored and counted, exit 130 / 143",
          arguments: [SIGINT, SIGTERM])
    func interruptedEnqueue(_ signal: Int32) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let input = Pipe()
        let (process, out, err) = try CLIRunner.start(["enqueue", "--db", db, "--file", "-"], standardInput: input)
        let stdout = CLIRunner.ReadAll(out), stderr = CLIRunner.ReadAll(err)
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? input.fileHandleForWriting.close()
        }
        // A producer that sends three URLs, a half line, and then nothing more for now.
        input.fileHandleForWriting.write(Data("http://a.test/1\nhttp://a.test/2\nhttp://a.test/3\nhttp://a.te".utf8))
        let stored = try await eventually(timeout: 20) {
            (try? CLIQuery.rows(db, "SELECT count(*) FROM jobs")) == ["3"]
        }
        #expect(stored, "lines are stored as they come, not only at the end of the input")
        kill(process.processIdentifier, signal)
        let ended = try await exited(process, timeout: 20)
        #expect(ended, "stops while waiting for input")
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let errorText = await stderr.textWhenClosed()
        #expect(errorText.contains("\(name) received: stopped reading stdin; the 3 new URLs read before it are stored"),
                "\(errorText)")
        #expect(await stdout.textWhenClosed() == "enqueued 3, duplicates 0, rejected 0\n")
        #expect(try CLIQuery.rows(db, "SELECT url FROM jobs ORDER BY id")
                == ["http://a.test/1", "http://a.test/2", "http://a.test/3"], "the half line is not stored")
    }
}

/// Runs blocking work on a thread of its own, not on Swift's cooperative pool.
func onThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The peak resident set size of a running process so far (VmHWM in /proc/PID/status), in bytes.
func peakResidentBytes(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
    return kilobytes.map { $0 * 1024 }
}
