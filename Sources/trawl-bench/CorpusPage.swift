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

    /// Resolves `parsed`'s links against `url`, with the crawl's own function (`LinkResolver.distinctLinks`).
    static func resolving(_ parsed: ParsedPage, at url: NormalizedURL) -> CorpusPage {
        let links = LinkResolver.distinctLinks(onPage: url, baseHref: parsed.baseHref, hrefCount: parsed.hrefCount) {
            parsed.forEachHref($0)
        }
        return CorpusPage(url: url.string, title: parsed.title, links: links.map(\.string),
                          followed: links.filter { FollowScope.host.allows($0, from: url) }.map(\.string))
    }
}
