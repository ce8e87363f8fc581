/// The HTTP/1.1 of the metrics endpoint (RFC 9112), as little as a Prometheus scrape needs: one request per
/// connection, `GET` or `HEAD /metrics` answered with the exposition, every other path 404, other
/// methods 405, anything unreadable 400; every response closes the connection.
enum MetricsHTTP {
    /// The longest request head read; a scrape's is a few hundred bytes.
    static let maxHeadBytes = 8192

    /// Whether `bytes` hold a whole request head (an empty line ends it; a bare LF is tolerated, RFC 9112 §2.2).
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2 else { return false }
        for index in 1..<bytes.count where bytes[index] == 10 {
            if bytes[index - 1] == 10 { return true }
            if index >= 3, bytes[index - 1] == 13, bytes[index - 2] == 10 { return true }
        }
        return false
    }

    /// What a request asked for.
    enum Request: Equatable {
        case metrics(head: Bool)
        case notFound
        case methodNotAllowed
        case malformed
    }

    /// Reads the request line of `head` (`GET /metrics HTTP/1.1`); a query string is ignored.
    static func request(_ head: [UInt8]) -> Request {
        guard isComplete(head), let end = head.firstIndex(of: 10) else { return .malformed }
        var line = head[..<end]
        if line.last == 13 { line = line.dropLast() }
        let parts = line.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)) else { return .malformed }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard path == "/metrics" else { return path.hasPrefix("/") ? .notFound : .malformed }
        switch method {
        case "GET": return .metrics(head: false)
        case "HEAD": return .metrics(head: true)
        default: return .methodNotAllowed
        }
    }

    /// The whole response to `request`; `exposition` is called only for a metrics request.
    static func response(to request: Request, exposition: () -> String) -> [UInt8] {
        switch request {
        case .metrics(let headOnly):
            let body = Array(exposition().utf8)
            return encode(200, "OK", contentType: PrometheusText.contentType, body: body, headOnly: headOnly)
        case .notFound:
            return encode(404, "Not Found", body: Array("not found: trawl serves its metrics at /metrics\n".utf8))
        case .methodNotAllowed:
            return encode(405, "Method Not Allowed", extra: "Allow: GET, HEAD\r\n",
                          body: Array("method not allowed: use GET /metrics\n".utf8))
        case .malformed:
            return encode(400, "Bad Request", body: Array("bad request: expected GET /metrics HTTP/1.1\n".utf8))
        }
    }

    private static func encode(
        _ status: Int, _ reason: String, contentType: String = "text/plain; charset=utf-8", extra: String = "",
        body: [UInt8], headOnly: Bool = false
    ) -> [UInt8] {
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + extra + "Connection: close\r\n\r\n"
        return Array(head.utf8) + (headOnly ? [] : body)
    }
}
