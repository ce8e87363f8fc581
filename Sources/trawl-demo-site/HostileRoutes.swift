import LoopbackServer

/// `--hostile`: pages that misbehave in every way a crawler must survive, under /hostile/, so that anyone
/// can watch trawl end each in bounded time (`/usr/bin/time -v trawl crawl …`).
enum HostileRoutes {
    static let paths = [
        "/hostile/hang", "/hostile/trickle", "/hostile/reset", "/hostile/short", "/hostile/empty",
        "/hostile/huge", "/hostile/gzip-bomb", "/hostile/deflate-bomb", "/hostile/redirect/0", "/hostile/loop",
        "/hostile/to-file", "/hostile/to-ftp", "/hostile/image.png", "/hostile/links", "/hostile/nested",
    ]

    private static let huge = [UInt8](repeating: 0x61, count: 50_000_000)
    private static let gzipBomb = DeflateBomb.gzip(inflatedSize: 1 << 30)
    private static let deflateBomb = DeflateBomb.zlib(inflatedSize: 1 << 30)
    private static let links = "<title>100,000 links</title>"
        + (0..<100_000).map { "<a href='/hostile/link-\($0)'>\($0)</a>" }.joined(separator: "\n")
    private static let nested = String(repeating: "<div>", count: 100_000) + "<title>deep</title>"

    static func respond(to path: String) -> ServerResponse? {
        switch path {
        case "/hostile/": return .html("<title>Hostile pages</title>" + paths.map { "<a href='\($0)'>\($0)</a>" }.joined())
        case "/hostile/hang": return ServerResponse.html("never").delivered(.neverRespond)
        case "/hostile/trickle": return ServerResponse.html(String(repeating: "x", count: 5_000)).delivered(.trickle(bytesPerSecond: 1))
        case "/hostile/reset": return ServerResponse.html(String(repeating: "x", count: 100_000)).delivered(.closeMidBody(afterBytes: 1_000))
        case "/hostile/short": return ServerResponse.html("<title>short</title>").delivered(.lyingContentLength(extra: 10_000))
        case "/hostile/empty": return ServerResponse.html("x").delivered(.closeWithoutResponse)
        case "/hostile/huge": return .bytes(huge, contentType: "text/html")
        case "/hostile/gzip-bomb": return encoded(gzipBomb, as: "gzip")
        case "/hostile/deflate-bomb": return encoded(deflateBomb, as: "deflate")
        case "/hostile/loop": return .redirect(to: "/hostile/loop")
        case "/hostile/to-file": return .redirect(to: "file:///etc/passwd")
        case "/hostile/to-ftp": return .redirect(to: "ftp://127.0.0.1/file")
        case "/hostile/image.png": return .bytes([UInt8](repeating: 0x89, count: 5_000_000), contentType: "image/png")
        case "/hostile/links": return .html(links)
        case "/hostile/nested": return .html(nested)
        default:
            if path.hasPrefix("/hostile/redirect/"), let n = Int(path.dropFirst("/hostile/redirect/".count)) {
                return .redirect(to: "/hostile/redirect/\(n + 1)")
            }
            return nil
        }
    }

    private static func encoded(_ body: [UInt8], as encoding: String) -> ServerResponse {
        ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("Content-Encoding", encoding)], body: body)
    }
}
