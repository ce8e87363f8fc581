@testable import LoopbackServer
import Testing

@Suite("LoopbackServer request head parsing")
struct LoopbackServerRequestHeadTests {
    private func parse(_ text: String) throws -> RequestHead {
        let bytes = Array(text.utf8)
        let end = try #require(RequestHead.end(in: bytes))
        return try RequestHead.parse(bytes[..<end])
    }

    @Test func parsesRequestLineAndFields() throws {
        let head = try parse("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept:  text/html \r\nAccept: */*\r\n\r\n")
        #expect(head.method == "GET")
        #expect(head.target == "/a?b=1")
        #expect(head.version == "HTTP/1.1")
        #expect(head.headers == ["host": "x", "accept": "text/html, */*"])
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 18),
        ("GET / HTTP/1.1\n\n", 16),
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next", 27),
    ])
    func findsTheEndOfAHead(text: String, end: Int) {
        #expect(RequestHead.end(in: Array(text.utf8)) == end)
    }

    @Test(arguments: ["GET / HTTP/1.1\r\nHost: x\r\n", "GET / HTTP/1.1\r\n"])
    func waitsForAnIncompleteHead(text: String) {
        #expect(RequestHead.end(in: Array(text.utf8)) == nil)
    }

    @Test(arguments: [
        ("HTTP/1.1", [String](), true),
        ("HTTP/1.1", ["Connection: close"], false),
        ("HTTP/1.1", ["Connection: keep-alive, Close"], false),
        ("HTTP/1.0", [], false),
        ("HTTP/1.0", ["Connection: Keep-Alive"], true),
    ])
    func decidesPersistence(version: String, fields: [String], persistent: Bool) throws {
        let text = (["GET / \(version)"] + fields).joined(separator: "\r\n") + "\r\n\r\n"
        #expect(try parse(text).wantsPersistentConnection == persistent)
    }

    @Test(arguments: [
        ("Content-Length: 12", 12),
        ("Content-Length: 5\r\nContent-Length: 5", 5),
        ("X-Other: 1", 0),
    ])
    func readsContentLength(field: String, length: Int) throws {
        #expect(try parse("POST / HTTP/1.1\r\n\(field)\r\n\r\n").contentLength() == length)
    }

    @Test(arguments: ["Content-Length: -1", "Content-Length: 12x", "Content-Length: 5\r\nContent-Length: 6"])
    func rejectsABadContentLength(field: String) throws {
        let head = try parse("POST / HTTP/1.1\r\n\(field)\r\n\r\n")
        #expect(throws: RequestHead.ParseError.invalidContentLength) { try head.contentLength() }
    }

    @Test(arguments: [
        "GET /\r\n\r\n",
        "GET / HTTP/2\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nA: 1\r\n folded\r\n\r\n",
    ])
    func rejectsMalformedHeads(text: String) {
        #expect(throws: RequestHead.ParseError.self) { try parse(text) }
    }
}
