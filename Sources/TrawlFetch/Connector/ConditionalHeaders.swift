/// What makes a re-fetch conditional: the validators stored from the previous response, sent back as
/// `If-None-Match` (RFC 9110 §13.1.2, from `ETag`) and `If-Modified-Since` (§13.1.3, from `Last-Modified`),
/// so that a server whose page did not change answers `304 Not Modified` without a body.
///
/// Both are sent when both are known: a server that has the ETag decides by it (§13.2.2 makes
/// If-None-Match take precedence), one that only tracks dates by the other.
public struct ConditionalHeaders: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// The header lines, values as received (a value with a line break, which no valid header has, is not
    /// sent: it would inject a header).
    var headerLines: [String] {
        var lines: [String] = []
        if let etag, Self.isSafe(etag) { lines.append("If-None-Match: \(etag)") }
        if let lastModified, Self.isSafe(lastModified) { lines.append("If-Modified-Since: \(lastModified)") }
        return lines
    }

    private static func isSafe(_ value: String) -> Bool {
        !value.isEmpty && !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
