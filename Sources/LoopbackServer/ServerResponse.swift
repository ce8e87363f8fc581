/// What the handler answers: status, headers, body, and how to deliver them.
///
/// The server adds `Content-Length` and `Connection` itself (any the handler sets are replaced), so
/// framing always matches what is sent, except where a `behaviour` deliberately breaks it.
public struct ServerResponse: Sendable {
    public var status: Int
    /// In order; names as given. `Content-Length` and `Connection` are the server's.
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var behaviour: ResponseBehaviour

    public init(
        status: Int = 200,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        behaviour: ResponseBehaviour = .normal
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.behaviour = behaviour
    }

    /// A UTF-8 HTML page.
    public static func html(_ html: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(html.utf8))
    }

    /// A UTF-8 plain-text body (robots.txt, error pages).
    public static func text(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// Raw bytes with an explicit content type, for non-UTF-8 pages and binary files.
    public static func bytes(_ body: [UInt8], contentType: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", contentType)], body: body)
    }

    /// A redirect to `location` (absolute or relative, sent as given); 301 by default.
    public static func redirect(to location: String, status: Int = 301) -> ServerResponse {
        ServerResponse(
            status: status,
            headers: [("Location", location), ("Content-Type", "text/html; charset=utf-8")],
            body: Array("<a href=\"\(location)\">moved</a>".utf8)
        )
    }

    /// 404 with a short HTML body.
    public static var notFound: ServerResponse {
        .html("<html><head><title>Not Found</title></head><body>404 Not Found</body></html>", status: 404)
    }

    /// The same response delivered with `behaviour`, e.g. `.html("x").delivered(.delay(0.3))`.
    public func delivered(_ behaviour: ResponseBehaviour) -> ServerResponse {
        var copy = self
        copy.behaviour = behaviour
        return copy
    }

    /// The same response with one more header.
    public func adding(header name: String, _ value: String) -> ServerResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
