/// A URL as the WHATWG URL Standard's basic URL parser builds it (§4.1 "URL representation"), for the two
/// special schemes trawl crawls, `http` and `https`; the bytes of each part are already percent-encoded and
/// normalized (`PercentEncodeSet`).
struct URLRecord {
    var isHTTPS: Bool
    var username: [UInt8] = []
    var password: [UInt8] = []
    /// The serialized host (§3.6 host serializer): a domain in ASCII (`xn--` labels), a dotted-decimal IPv4
    /// address, or an IPv6 address in brackets.
    var host: [UInt8] = []
    /// nil when absent or the scheme's default (§4.4 port state drops 80 for http and 443 for https).
    var port: Int?
    /// The path as it is serialized: `/` + each segment, `/` between them. Empty only while it is built:
    /// the path of a special URL always has at least one segment.
    var path: [UInt8] = []
    /// nil when the URL has no query; empty for `/x?`, which the standard keeps as written.
    var query: [UInt8]?

    var scheme: String { isHTTPS ? "https" : "http" }

    /// §4.1 "shorten a url's path": removes the last segment (special non-file URLs have no drive letter).
    mutating func shortenPath() {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return }
        path.removeSubrange(slash...)
    }

    /// Whether the URL carries a username or password, which trawl never stores (see `NormalizedURL`).
    var hasUserinfo: Bool { !username.isEmpty || !password.isEmpty }

    /// §4.5 URL serializer, without the fragment (trawl never stores one) and without the username and
    /// password (trawl never stores or prints credentials: RFC 3986 §3.2.1 deprecates them in URLs).
    var serialized: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12 + host.count + path.count + (query?.count ?? 0))
        bytes += isHTTPS ? Array("https://".utf8) : Array("http://".utf8)
        bytes += host
        if let port {
            bytes.append(UInt8(ascii: ":"))
            bytes += Array(String(port).utf8)
        }
        bytes += path.isEmpty ? [UInt8(ascii: "/")] : path
        if let query {
            bytes.append(UInt8(ascii: "?"))
            bytes += query
        }
        return bytes
    }

    /// The record as trawl's `NormalizedURL`.
    var normalizedURL: NormalizedURL {
        NormalizedURL(
            string: String(decoding: serialized, as: UTF8.self), scheme: scheme,
            hostname: String(decoding: host, as: UTF8.self), port: port, droppedUserinfo: hasUserinfo)
    }
}
