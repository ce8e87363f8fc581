/// One parsed request, as the handler sees it. The body, if any, has been read and discarded.
public struct ServerRequest: Sendable {
    public let method: String
    /// The request target as sent, query included: "/a/b.html?x=1".
    public let path: String
    /// "HTTP/1.1" or "HTTP/1.0".
    public let version: String
    /// Header names lower-cased; repeated headers joined with ", " (RFC 9110 §5.3).
    public let headers: [String: String]
    /// Which TCP connection carried the request (1, 2, … in accept order).
    public let connectionID: Int

    public init(method: String, path: String, version: String, headers: [String: String], connectionID: Int) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
        self.connectionID = connectionID
    }

    /// The path without its query: "/a/b.html".
    public var pathWithoutQuery: String {
        path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
    }

    /// The query after "?", or nil.
    public var query: String? {
        path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) }
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
