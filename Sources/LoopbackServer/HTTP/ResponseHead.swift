/// Serializes a status line and header fields (RFC 9112 §4, §5).
enum ResponseHead {
    /// The head bytes. `contentLength` nil omits the field (1xx, 204 and 304 have no body to frame).
    ///
    /// The handler's own `Content-Length` and `Connection` fields are dropped: the server owns framing
    /// and persistence, and a duplicate Content-Length would make the response invalid.
    static func bytes(status: Int, headers: [(String, String)], contentLength: Int?, closing: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for (name, value) in headers {
            let lowered = name.lowercased()
            if lowered == "content-length" || lowered == "connection" { continue }
            text += "\(name): \(value)\r\n"
        }
        if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
        text += closing ? "Connection: close\r\n" : "Connection: keep-alive\r\n"
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Whether a response with this status may carry a body (RFC 9110 §6.4.1).
    static func allowsBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
