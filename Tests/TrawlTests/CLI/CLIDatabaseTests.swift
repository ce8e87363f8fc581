import Foundation
import LoopbackServer
import Testing

/// Databases that are not as expected: missing, not writable, locked by another program, damaged, left by a
/// killed crawl. Each case runs the real binary on a real file.
@Suite("CLI: databases that are not as expected", .serialized)
struct CLIDatabaseTests {
    @Test("a mistyped --db is refused with exit 66 by every command but enqueue, and no file is created")
    func missingDatabaseIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("crawl-typo.db")
        for command in ["status", "export", "retry", "crawl", "index"] {
            let result = try await CLIRunner.run([command, "--db", missing])
            #expect(result.status == 66, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no trawl database at \(missing)")
                    && result.stderr.contains("trawl enqueue --db \(missing)"), "\(command): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing created")
        #expect(FileManager.default.createFile(atPath: missing, contents: Data()))
        let empty = try await CLIRunner.run(["status", "--db", missing])
        #expect(empty.status == 66 && empty.stderr.contains("the file is empty"), "\(empty.stderr)")
        let created = try await CLIRunner.run(["enqueue", "--db", missing, "http://a.test/"])
        #expect(created.status == 0, "enqueue creates it: \(created.stderr)")
        #expect(try await CLIRunner.run(["status", "--db", missing]).status == 0)
    }

    /// Runs `trawl arguments…` as the unprivileged user `nobody` (root ignores file modes, so a test of
    /// permissions needs another user), through util-linux's setpriv.
    static func runAsNobody(_ arguments: [String]) async throws -> CLIRunner.Result {
        try await CLIRunner.run(arguments, as: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    }

    static var canSwitchUser: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }

    static func listing(_ path: String) throws -> [String: uid_t] {
        var owners: [String: uid_t] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            var info = stat()
            stat(path + "/" + name, &info)
            owners[name] = info.st_uid
        }
        return owners
    }

    @Test("status and export read a database this user cannot write, idle or live, and leave no file behind",
          .enabled(if: canSwitchUser, "needs root and setpriv to run trawl as another user"))
    func readOnlyDatabase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        chmod(directory.path, 0o755)  // nobody may read it, not write it
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "http://a.test/1", "http://a.test/2"]).status == 0)
        try await Results.sqlite3(db, "INSERT INTO pages (job_id, url, status, fetched_at) VALUES (1, 'http://a.test/1', 200, '2026-01-01T00:00:00.000Z'); UPDATE jobs SET state = 'done' WHERE id = 1; PRAGMA wal_checkpoint(TRUNCATE);")

        // Idle: a folder and a file that nobody cannot write.
        var before = try Self.listing(directory.path)
        let status = try await Self.runAsNobody(["status", "--db", db, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(#""jobs":{"total":2,"queued":1,"in_progress":0,"done":1,"failed":0}"#))
        let export = try await Self.runAsNobody(["export", "--db", db, "--format", "csv"])
        #expect(export.status == 0 && export.stdout.contains("http://a.test/1"), "\(export.stderr)")
        #expect(try Self.listing(directory.path) == before, "no -wal or -shm left behind")
        // A writing command says it cannot write, before SQLite leaves files of its own there.
        chmod(directory.path, 0o777)
        let crawl = try await Self.runAsNobody(["crawl", "--db", db])
        #expect(crawl.status == 3 && crawl.stderr.contains("this user cannot write it"), "\(crawl.stderr)")
        chmod(directory.path, 0o755)
        #expect(try Self.listing(directory.path) == before, "nothing created by the refused crawl")

        // Another user's file in a folder root may write: root reads it without leaving root-owned files.
        chown(db, 65534, 65534)
        #expect(try await CLIRunner.run(["status", "--db", db]).status == 0)
        #expect(try Self.listing(directory.path).keys.sorted() == ["crawl.db"], "no root-owned -wal or -shm left")
        chown(db, 0, 0)

        // Live: another process has it open in WAL mode (its -wal and -shm exist, owned by root).
        let holder = try SQLiteShell(db)
        defer { holder.stop() }
        holder.send("INSERT INTO jobs (url, host, depth) VALUES ('http://a.test/3', 'a.test', 0);")
        #expect(try await eventually(timeout: 10) { FileManager.default.fileExists(atPath: db + "-shm") })
        before = try Self.listing(directory.path)
        let live = try await Self.runAsNobody(["status", "--db", db, "--json"])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains(#""total":3"#), "reads what the live process committed: \(live.stdout)")
        #expect(try Self.listing(directory.path) == before, "nothing created, nothing changed owner")
    }

    @Test("a lock held by another program: enqueue and crawl say they wait, then give up with exit 75")
    func lockHeldTooLong() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.208", handler: CLIResumeTests.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let holder = try SQLiteShell(db)
        defer { holder.stop() }
        holder.send(".timeout 20000\nBEGIN IMMEDIATE;")
        #expect(try await eventually(timeout: 20) { SQLiteShell.isLocked(db) }, "the shell holds the lock")

        let enqueue = try await CLIRunner.run(["enqueue", "--db", db, "--lock-timeout", "3", server.url("/p1")])
        #expect(enqueue.status == 75, "\(enqueue.stderr)")
        #expect(enqueue.stderr.contains("waiting for the database lock held by another program"))
        #expect(enqueue.stderr.contains("stayed locked by another program for 3 s"))

        let crawl = try await CLIRunner.run(["crawl", "--db", db, "--lock-timeout", "3", "--progress-interval", "1"])
        #expect(crawl.status == 75, "\(crawl.stderr)")
        #expect(crawl.stderr.contains("waiting for the database lock held by another program, "))
        #expect(crawl.stderr.contains("crawl ended (gave up waiting for the database lock)"), "a summary: \(crawl.stderr)")
        #expect(server.requestLog.isEmpty, "nothing fetched that could not be stored")

        holder.stop()
        let resumed = try await CLIRunner.run(["crawl", "--db", db, "--workers", "8", "--max-depth", "unlimited"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(CLIResumeTests.count(db, "SELECT count(*) FROM jobs WHERE state = 'done'") == 400)
    }

    @Test("a lock taken mid-crawl and released: the crawl waits, says so, and loses nothing")
    func lockTakenMidCrawl() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.209", handler: CLIResumeTests.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        // Two workers at 50 ms a page: about 10 s, so that the lock is surely taken mid-crawl.
        let (process, _, errorPipe) = try CLIRunner.start(
            ["crawl", "--db", db, "--workers", "2", "--max-depth", "unlimited", "--progress-interval", "1"])
        let errors = CLIRunner.ReadAll(errorPipe)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(try await eventually(timeout: 20) { CLIResumeTests.count(db, "SELECT count(*) FROM pages") >= 20 })
        let holder = try SQLiteShell(db)
        defer { holder.stop() }
        holder.send(".timeout 20000\nBEGIN IMMEDIATE;")
        #expect(try await eventually(timeout: 20) { SQLiteShell.isLocked(db) })
        try await Task.sleep(for: .seconds(3))
        holder.stop()
        #expect(try await exited(process, timeout: 60))
        process.waitUntilExit()
        let stderr = await errors.textWhenClosed()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("waiting for the database lock held by another program"), "\(stderr)")
        #expect(stderr.contains("crawl ended (queue empty)"))
        #expect(CLIResumeTests.count(db, "SELECT count(*) FROM jobs WHERE state = 'done'") == 400)
        #expect(server.requestLog.filter { $0.path.hasPrefix("/p") }.count == 400,
                "each page fetched once: nothing finished during the wait was lost")
    }

    @Test("a damaged page in the middle of the file: crawl names it, exits 3 and points at .recover")
    func corruptPage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        let urls = (0..<5000).map { "http://127.0.0.210:9/page-\($0)" }.joined(separator: "\n")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, "--file", "-"], stdin: urls).status == 0)
        try await Results.sqlite3(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        let pageSize = CLIResumeTests.count(db, "PRAGMA page_size")
        let pageCount = CLIResumeTests.count(db, "PRAGMA page_count")
        #expect(pageCount > 100, "many pages: \(pageCount)")
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: db))
        try file.seek(toOffset: UInt64(pageSize * (pageCount / 2)))
        try file.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        try file.close()

        let crawl = try await CLIRunner.run(["crawl", "--db", db, "--retries", "0"])
        #expect(crawl.status == 3, "\(crawl.stderr)")
        #expect(crawl.stderr.contains("\(db) is damaged"), "\(crawl.stderr)")
        #expect(crawl.stderr.contains("sqlite3 \(db) .recover"))
        #expect(!crawl.stderr.contains("crawl ended (queue empty)"))
    }

    @Test("after kill -9: status counts the crawler as gone, not running; trawl index builds the missing index")
    func statusAfterKillAndIndex() async throws {
        let server = try LoopbackHTTPServer(address: "127.0.0.211", handler: CLIResumeTests.site())
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.file("crawl.db")
        #expect(try await CLIRunner.run(["enqueue", "--db", db, server.url("/p0")]).status == 0)
        let (process, _, _) = try CLIRunner.start(["crawl", "--db", db, "--workers", "4", "--max-depth", "unlimited"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(try await eventually(timeout: 20) { CLIResumeTests.count(db, "SELECT count(*) FROM pages") >= 20 })

        let running = try await CLIRunner.run(["status", "--db", db])
        #expect(running.stdout.contains("crawlers running: 1"), "\(running.stdout)")
        #expect(running.stdout.contains("index page_links_by_target missing"), "\(running.stdout)")
        let refused = try await CLIRunner.run(["index", "--db", db])
        #expect(refused.status == 75 && refused.stderr.contains("a crawl is running on \(db) (pid \(process.processIdentifier))"),
                "\(refused.stderr)")

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let inProgress = CLIResumeTests.count(db, "SELECT count(*) FROM jobs WHERE state = 'in_progress'")
        #expect(inProgress > 0)
        let status = try await CLIRunner.run(["status", "--db", db])
        #expect(status.status == 0)
        #expect(status.stdout.contains("crawlers running: 0"), "the PID is gone: \(status.stdout)")
        #expect(status.stdout.contains("crawlers gone without stopping (killed or crashed): 1, holding \(inProgress) jobs in_progress; the next trawl crawl takes them back"), "\(status.stdout)")
        #expect(status.stdout.contains("trawl index builds it"))
        let json = try await CLIRunner.run(["status", "--db", db, "--json"])
        #expect(json.stdout.contains(#""crawlers":0,"crawlers_gone":1,"jobs_of_gone_crawlers":\#(inProgress),"missing_indexes":["page_links_by_target"]"#), "\(json.stdout)")

        let index = try await CLIRunner.run(["index", "--db", db])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.hasPrefix("built page_links_by_target in "), "\(index.stdout)")
        #expect(CLIResumeTests.count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'page_links_by_target'") == 1)
        let again = try await CLIRunner.run(["index", "--db", db])
        #expect(again.status == 0 && again.stdout == "query indexes: all present, nothing to build\n")
        #expect(!(try await CLIRunner.run(["status", "--db", db])).stdout.contains("missing"))
    }
}

/// A `sqlite3` shell kept open on a database, as a user leaves one in a terminal: commands are sent to its
/// standard input; `stop()` ends it (closing its input, then killing it if it lingers).
final class SQLiteShell: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private var stopped = false

    init(_ db: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [db]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ commands: String) {
        input.fileHandleForWriting.write(Data((commands + "\n").utf8))
    }

    /// Ends the shell: its open transaction is rolled back and its locks released (the kernel drops a dead
    /// process's file locks), as when a user closes the terminal.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Whether another connection holds the write lock of `db` (a `BEGIN IMMEDIATE` without waiting fails).
    static func isLocked(_ db: String) -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        probe.arguments = [db, "BEGIN IMMEDIATE; ROLLBACK;"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus != 0
    }
}
