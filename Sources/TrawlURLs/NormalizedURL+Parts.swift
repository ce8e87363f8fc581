extension NormalizedURL {
    /// "scheme://host[:port]": the unit robots.txt applies to (RFC 9309 §2.3).
    public var origin: String { scheme + "://" + hostKey }

    /// The path and query ("/a/b?x=1"), as robots.txt rules are matched against (RFC 9309 §2.2.2).
    public var pathAndQuery: String {
        let utf8 = string.utf8
        guard let schemeEnd = utf8.firstIndex(of: UInt8(ascii: ":")) else { return "/" }
        let authorityStart = utf8.index(schemeEnd, offsetBy: 3, limitedBy: utf8.endIndex) ?? utf8.endIndex
        guard let pathStart = utf8[authorityStart...].firstIndex(of: UInt8(ascii: "/")) else { return "/" }
        return String(string[pathStart...])
    }
}
