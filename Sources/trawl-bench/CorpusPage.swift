import TrawlParse
import TrawlURLs

/// What a crawl keeps of one corpus page, computed as trawl's crawl computes it (`PageOutcomeBuilder`):
/// the title, the distinct normalized link targets resolved against `<base href>` and the page's URL, and
/// those among them the crawl follows (`FollowScope.host`).
struct CorpusPage {
    let url: String
    let title: String?
    let links: [String]
    let followed: [String]

    /// Resolves `parsed`'s links against `url` (`LinkResolver`: the base is parsed once per page).
    static func resolving(_ parsed: ParsedPage, at url: NormalizedURL) -> CorpusPage {
        let base = parsed.baseHref.flatMap { url.resolving($0) } ?? url
        let resolver = LinkResolver(base: base)
        var seen = Set<String>(minimumCapacity: parsed.hrefCount)
        var links: [String] = []
        var followed: [String] = []
        links.reserveCapacity(parsed.hrefCount)
        parsed.forEachHref { href in
            guard let link = resolver.resolve(utf8: href), seen.insert(link.string).inserted else { return }
            links.append(link.string)
            if FollowScope.host.allows(link, from: url) { followed.append(link.string) }
        }
        return CorpusPage(url: url.string, title: parsed.title, links: links, followed: followed)
    }
}
