/// Which links found on a page the crawl follows (`--follow`).
public enum FollowScope: String, Sendable, CaseIterable {
    /// Never follow links: only the enqueued URLs are fetched.
    case none
    /// Links to the same `hostKey` (host name and non-default port) as the page; the scheme may differ,
    /// so `http://a.com/` → `https://a.com/x` is followed. This is the unit of per-host limits too.
    case host
    /// Links whose host has the same registrable domain (`RegistrableDomain.of`) as the page's:
    /// `www.example.co.uk` → `shop.example.co.uk`, any port.
    case domain
    /// Any http(s) link.
    case all

    /// Whether a link discovered on `page` may be crawled. `link` is already http(s): `resolving(_:)`
    /// returns nil for anything else.
    public func allows(_ link: NormalizedURL, from page: NormalizedURL) -> Bool {
        switch self {
        case .none:
            false
        case .host:
            link.hostname == page.hostname && link.port == page.port
        case .domain:
            link.hostname == page.hostname
                || RegistrableDomain.of(link.hostname) == RegistrableDomain.of(page.hostname)
        case .all:
            true
        }
    }
}
