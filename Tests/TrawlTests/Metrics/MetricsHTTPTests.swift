import Testing
@testable import TrawlCrawl

/// The request side of the metrics endpoint: what each request head asks for.
@Suite("Metrics: requests to the endpoint")
struct MetricsHTTPTests {
    @Test("request heads and what they get", arguments: [
        ("GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n", MetricsHTTP.Request.metrics(head: false)),
        ("GET /metrics HTTP/1.0\r\n\r\n", .metrics(head: false)),
        ("HEAD /metrics HTTP/1.1\r\n\r\n", .metrics(head: true)),
        ("GET /metrics?name[]=x HTTP/1.1\r\n\r\n", .metrics(head: false)),
        ("GET /metrics HTTP/1.1\n\n", .metrics(head: false)),
        ("GET / HTTP/1.1\r\n\r\n", .notFound),
        ("GET /metrics/ HTTP/1.1\r\n\r\n", .notFound),
        ("GET /favicon.ico HTTP/1.1\r\n\r\n", .notFound),
        ("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", .methodNotAllowed),
        ("DELETE /metrics HTTP/1.1\r\n\r\n", .methodNotAllowed),
        ("GET /metrics\r\n\r\n", .malformed),
        ("GET  /metrics HTTP/1.1\r\n\r\n", .malformed),
        ("GET http://a/metrics HTTP/1.1\r\n\r\n", .malformed),
        ("GET /metrics SPDY/3\r\n\r\n", .malformed),
        ("\u{16}\u{03}\u{01}\u{02}\r\n\r\n", .malformed),
        ("GET /metrics HTTP/1.1\r\nHost: a\r\n", .malformed),
    ])
    func requests(head: String, expected: MetricsHTTP.Request) {
        #expect(MetricsHTTP.request(Array(head.utf8)) == expected)
    }

    @Test("a metrics response carries the 0.0.4 content type, its length, and closes; HEAD has no body")
    func responses() {
        let get = String(decoding: MetricsHTTP.response(to: .metrics(head: false)) { "x 1\n" }, as: UTF8.self)
        #expect(get == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            + "Content-Length: 4\r\nConnection: close\r\n\r\nx 1\n")
        let head = String(decoding: MetricsHTTP.response(to: .metrics(head: true)) { "x 1\n" }, as: UTF8.self)
        #expect(head.hasSuffix("Content-Length: 4\r\nConnection: close\r\n\r\n"))
        var rendered = false
        let missing = String(decoding: MetricsHTTP.response(to: .notFound) { rendered = true; return "" }, as: UTF8.self)
        #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(!rendered, "a 404 does not render the metrics")
        let post = String(decoding: MetricsHTTP.response(to: .methodNotAllowed) { "" }, as: UTF8.self)
        #expect(post.hasPrefix("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD\r\n"))
    }
}
