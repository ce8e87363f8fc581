import TrawlParse
import TrawlStore
import TrawlURLs

/// One page's links as the crawl stores them and decides jobs from them: every link resolved against the
/// page's `<base href>` (itself resolved against the page URL) or else the page URL, those that are not
/// http(s) or do not parse dropped, and links to the same target merged into one, in first-seen order.
struct PageLinks {
    struct Target {
        let url: NormalizedURL
        /// The `LinkKind` bits of every link to it.
        var kinds: UInt8
        /// Every link to it is nofollow: its `rel` says so, or the page's robots directives do.
        var nofollow: Bool
    }

    private(set) var targets: [Target] = []
    /// The first canonical link's target (`<link rel=canonical>`), as the page names its preferred URL.
    private(set) var canonical: NormalizedURL?

    /// - Parameter pageNofollow: the page's robots directives say `nofollow`: all its links are nofollow.
    /// - Parameter queryFilter: `--strip-query`, applied to every link as part of its normalization.
    init(_ parsed: ParsedPage, pageURL: NormalizedURL, pageNofollow: Bool,
         queryFilter: QueryParameterFilter = QueryParameterFilter([])) {
        let base = parsed.baseHref.flatMap { pageURL.resolving($0) } ?? pageURL
        let resolver = LinkResolver(base: base)
        var index = [String: Int](minimumCapacity: parsed.hrefCount)
        targets.reserveCapacity(parsed.hrefCount)
        parsed.forEachLink { href, kind, relNofollow in
            guard let resolved = resolver.resolve(utf8: href) else { return }
            let url = queryFilter.isEmpty ? resolved : queryFilter.apply(to: resolved)
            let nofollow = pageNofollow || relNofollow
            if kind == .canonical, canonical == nil { canonical = url }
            if let existing = index[url.string] {
                targets[existing].kinds |= kind.rawValue
                targets[existing].nofollow = targets[existing].nofollow && nofollow
            } else {
                index[url.string] = targets.count
                targets.append(Target(url: url, kinds: kind.rawValue, nofollow: nofollow))
            }
        }
    }

    /// The `page_links` rows.
    var records: [PageLink] {
        targets.map { PageLink(url: $0.url.string, kinds: Int($0.kinds), nofollow: $0.nofollow) }
    }
}
