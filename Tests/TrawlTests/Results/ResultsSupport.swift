import Foundation
import LoopbackServer
import TrawlSync

/// Shared parts of the results tests (progress, status, export, retry, views, migration).
enum Results {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `sqlite3(_:_:)` waiting on a thread of its own (`offPool`), for async tests and for scripts that take
    /// seconds (200,000 generated rows): a blocked pool thread would stall every other test meanwhile.
    static func sqlite3(_ db: String, _ sql: String) async throws {
        try await offPool { try sqlite3(db, sql) as Void }
    }

    /// Runs `sql` with the sqlite3 command-line tool on `db` (as users do), failing on an error.
    static func sqlite3(_ db: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-bail", db]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SQLite3Failure(message: String(decoding: message, as: UTF8.self))
        }
    }

    struct SQLite3Failure: Error { let message: String }

    /// A chain of `count` pages, "/p0" … : each links to the next two, after `delay` seconds.
    static func chainSite(count: Int, delay: Double) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let path = request.pathWithoutQuery
            guard path.hasPrefix("/p"), let n = Int(path.dropFirst(2)), (0..<count).contains(n) else {
                return .notFound
            }
            let links = [2 * n + 1, 2 * n + 2].filter { $0 < count }.map { "<a href='/p\($0)'>next</a>" }.joined()
            let page = ServerResponse.html("<title>Page \(n)</title>\(links)")
            return delay > 0 ? page.delivered(.delay(delay)) : page
        }
    }

    /// The host key trawl stores for a loopback server: "127.0.0.90:41234".
    static func hostKey(_ server: LoopbackHTTPServer) -> String { "\(server.address):\(server.port)" }
}

/// A switch shared with a server handler.
final class Switch: Sendable {
    private let value: ThreadLock<Bool>
    init(_ initial: Bool) { value = ThreadLock(initial) }
    var isOn: Bool {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// A small RFC 4180 reader for checking `trawl export --format csv`: quoted fields may hold commas, quotes
/// (doubled) and line breaks; records end with CRLF (a bare LF is accepted too).
enum CSVReader {
    enum Failure: Error { case malformed(String) }

    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var characters = Array(text.unicodeScalars)[...]
        var fieldStarted = false
        while let c = characters.popFirst() {
            if !fieldStarted && c == "\"" {
                // A quoted field: up to the closing quote; "" is a quote.
                while true {
                    guard let q = characters.popFirst() else { throw Failure.malformed("unterminated quote") }
                    if q == "\"" {
                        if characters.first == "\"" { characters.removeFirst(); field.unicodeScalars.append("\"") }
                        else { break }
                    } else {
                        field.unicodeScalars.append(q)
                    }
                }
                fieldStarted = true
                guard let next = characters.first, next == "," || next == "\r" || next == "\n" else {
                    if characters.isEmpty { continue }
                    throw Failure.malformed("text after a closing quote")
                }
                continue
            }
            switch c {
            case ",":
                record.append(field)
                field = ""
                fieldStarted = false
            case "\r":
                guard characters.first == "\n" else { throw Failure.malformed("CR without LF") }
                continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                fieldStarted = false
            default:
                if c == "\"" { throw Failure.malformed("quote inside an unquoted field") }
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
        }
        if fieldStarted || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
