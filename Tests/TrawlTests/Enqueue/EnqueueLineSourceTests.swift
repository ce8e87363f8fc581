import Foundation
import Testing
@testable import TrawlCrawl
import TrawlSync
import TrawlURLs

@Suite("Enqueue: the bounded line reader and input excerpts")
struct EnqueueLineSourceTests {
    /// Writes `bytes` to a temporary file and reads all its lines with `maxLineBytes`.
    static func lines(of bytes: [UInt8], maxLineBytes: Int = 16) async throws -> [InputLine] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("input.txt")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let source = try URLLineSource(path: path, maxLineBytes: maxLineBytes)
        var all: [InputLine] = []
        while true {
            let lines = try await source.nextLines(limit: 3)
            if lines.isEmpty { break }
            all += lines
        }
        return all
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        /// Each line as (kept text, full length).
        var lines: [(String, Int)]
        var testDescription: String { input.debugDescription }
    }

    static let cases: [Case] = [
        Case(input: "", lines: []),
        Case(input: "a\nb\n", lines: [("a", 1), ("b", 1)]),
        Case(input: "a\r\nb", lines: [("a", 1), ("b", 1)]),
        Case(input: "\n\n", lines: [("", 0), ("", 0)]),
        Case(input: "0123456789abcdef\n", lines: [("0123456789abcdef", 16)]),
        Case(input: "0123456789abcdefXYZ\nnext\n", lines: [("0123456789abcdef", 19), ("next", 4)]),
        Case(input: "0123456789abcdefXYZ\r\nlast", lines: [("0123456789abcdef", 19), ("last", 4)]),
        Case(input: "a\nb\nc\nd\ne\n", lines: [("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1)]),
    ]

    @Test("lines are split on LF, CR dropped, long ones cut to their start with their full length",
          arguments: cases)
    func splitting(_ example: Case) async throws {
        let lines = try await Self.lines(of: Array(example.input.utf8))
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == example.lines.map(\.0))
        #expect(lines.map(\.length) == example.lines.map(\.1))
        #expect(lines.map(\.number) == Array(1...max(1, lines.count)).prefix(lines.count).map { $0 })
    }

    @Test("a line far longer than the read buffer keeps only its start; the line after it is intact")
    func lineLongerThanBuffer() async throws {
        let long = [UInt8](repeating: UInt8(ascii: "z"), count: 1_000_000)
        let lines = try await Self.lines(of: Array("first\n".utf8) + long + Array("\nafter\n".utf8), maxLineBytes: 100)
        #expect(lines.count == 3)
        #expect(lines[1].bytes.count == 100 && lines[1].length == 1_000_000 && lines[1].isCut)
        #expect(lines[2].number == 3 && String(decoding: lines[2].bytes, as: UTF8.self) == "after")
    }

    @Test("a missing file and a directory are refused when opened")
    func openErrors() throws {
        #expect(throws: EnqueueError.cannotOpen(path: "/nonexistent/urls.txt", reason: "No such file or directory")) {
            try URLLineSource(path: "/nonexistent/urls.txt")
        }
        #expect(throws: EnqueueError.isDirectory(path: "/tmp")) { try URLLineSource(path: "/tmp") }
    }

    struct Excerpt: CustomTestStringConvertible, Sendable {
        var bytes: [UInt8]
        var total: Int?
        var shown: String
        var testDescription: String { shown }
    }

    static let excerpts: [Excerpt] = [
        Excerpt(bytes: Array("http://a.test/".utf8), shown: "http://a.test/"),
        Excerpt(bytes: [0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x00, 0x07], shown: "\\x1B[31m\\x00\\x07"),
        Excerpt(bytes: [0x61, 0xFF, 0xC3, 0x28, 0x62], shown: "a\\xFF\\xC3(b"),
        Excerpt(bytes: Array("back\\slash".utf8), shown: "back\\\\slash"),
        Excerpt(bytes: Array("https://例え.jp/ü".utf8), shown: "https://例え.jp/ü"),
        Excerpt(bytes: Array("evil\u{202E}txt\u{85}".utf8), shown: "evil\\u{202E}txt\\u{85}"),
        Excerpt(bytes: [UInt8](repeating: 0x78, count: 250), shown: String(repeating: "x", count: 200) + "… (250 bytes)"),
        Excerpt(bytes: [UInt8](repeating: 0x78, count: 10), total: 5_000_000,
                shown: String(repeating: "x", count: 10) + "… (5000000 bytes)"),
        Excerpt(bytes: [UInt8](repeating: 0x01, count: 60), shown: String(repeating: "\\x01", count: 50) + "… (60 bytes)"),
    ]

    @Test("excerpts: printable text as it is, control and non-UTF-8 bytes escaped, at most 200 characters",
          arguments: excerpts)
    func excerpt(_ example: Excerpt) {
        #expect(InputExcerpt.of(example.bytes, totalLength: example.total) == example.shown)
    }

    @Test("a line over the maximum URL length is rejected with its length; a URL of exactly the maximum is kept")
    func maximumLength() async throws {
        let store = try TestStore()
        defer { store.remove() }
        let prefix = "http://a.test/"
        let longest = prefix + String(repeating: "k", count: NormalizedURL.maxLength - prefix.count)
        var report = EnqueueReport()
        try await Enqueuer(store: store.store).enqueue(arguments: [longest, longest + "k"], into: &report)
        #expect(report.counts.inserted == 1)
        #expect(report.rejected.map(\.reason) == ["too long: 2084 bytes, more than the maximum URL length of 2083"])
        #expect(report.rejected.first?.input.hasSuffix("… (2084 bytes)") == true)
    }

    @Test("millions of bad lines are not held: each goes to onRejected, the report keeps the first 1,000 and the count")
    func rejectionsStreamed() async throws {
        let store = try TestStore()
        defer { store.remove() }
        let seen = ThreadLock(0)
        let enqueuer = Enqueuer(store: store.store) { _ in seen.withLock { $0 += 1 } }
        var report = EnqueueReport()
        try await enqueuer.enqueue(arguments: (0..<1500).map { "ftp://x.test/\($0)" } + ["http://x.test/"], into: &report)
        #expect(report.rejectedCount == 1500 && report.rejected.count == EnqueueReport.keptRejections)
        #expect(seen.withLock { $0 } == 1500)
        #expect(report.summaryLine == "enqueued 1, duplicates 0, rejected 1500")
    }
}
