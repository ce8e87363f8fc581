import LoopbackServer

/// Routes requests to the generated pages and the special cases the demo crawl exercises:
/// 404s, 301s, a redirect loop, a Latin-1 page, a binary file and a slow page.
struct DemoSite: Sendable {
    let map: DemoSiteMap
    private let pages: DemoPages

    init(pageCount: Int) {
        map = DemoSiteMap(pageCount: pageCount)
        pages = DemoPages(map: map)
    }

    func respond(to request: ServerRequest) -> ServerResponse {
        let path = request.pathWithoutQuery
        switch path {
        case "/": return .html(pages.index())
        case "/robots.txt": return .text("User-agent: *\nAllow: /\n")
        case "/latin1.html": return .bytes(pages.latin1(), contentType: "text/html; charset=iso-8859-1")
        case "/data.bin": return .bytes(Self.binaryData, contentType: "application/octet-stream")
        case "/slow": return ServerResponse.html(pages.slow()).delivered(.delay(0.3))
        case "/loop-a": return .redirect(to: "/loop-b", status: 302)
        case "/loop-b": return .redirect(to: "/loop-a", status: 302)
        case "/search": return .html(pages.search(Self.parameter("q", in: request.query) ?? ""))
        default: return generated(path, origin: request.header("host").flatMap(Self.origin)) ?? .notFound
        }
    }

    /// "/section-K/", "/section-K/page-I.html" (I must belong to section K) and "/old/I".
    private func generated(_ path: String, origin: String?) -> ServerResponse? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.count == 2, let directory = parts.first, let leaf = parts.last else { return nil }

        if directory == "old" {
            guard let page = Int(leaf), DemoSiteMap.redirectedPages.contains(page), page <= map.pageCount else {
                return nil
            }
            return .redirect(to: map.path(ofPage: page))
        }
        guard directory.hasPrefix("section-"), let section = Int(directory.dropFirst("section-".count)),
              (1...map.sectionCount).contains(section)
        else { return nil }
        if leaf.isEmpty { return .html(pages.sectionIndex(section)) }
        guard leaf.hasPrefix("page-"), leaf.hasSuffix(".html"),
              let page = Int(leaf.dropFirst("page-".count).dropLast(".html".count)),
              map.pages(inSection: section).contains(page)
        else { return nil }
        return .html(pages.page(page, origin: origin))
    }

    /// The Host header if it is a plain "host:port", since it is written into hrefs unescaped.
    private static func origin(_ host: String) -> String? {
        let plain = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".:-[]".contains($0)) }
        return plain && !host.isEmpty ? host : nil
    }

    private static func parameter(_ name: String, in query: String?) -> String? {
        query?.split(separator: "&").lazy
            .compactMap { pair -> String? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.first == Substring(name) ? String(parts.count > 1 ? parts[1] : "") : nil
            }
            .first
    }

    /// 4 KiB of seeded bytes: a body a crawler must store or skip without parsing it as HTML.
    private static let binaryData: [UInt8] = {
        var random = SplitMix64(seed: 0x6461_7461)
        return (0..<512).flatMap { _ in withUnsafeBytes(of: random.next().littleEndian, Array.init) }
    }()
}
