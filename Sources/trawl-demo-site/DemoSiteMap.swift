/// The shape of the generated site: which pages exist, where they live, what they are called and
/// what they link to. Pure and seeded, so every run serves the same site.
///
/// Pages are numbered 1...pageCount across sections of `pagesPerSection`:
/// page I lives at "/section-K/page-I.html" with K = (I - 1) / 30 + 1, and every section has an
/// index "/section-K/" listing its pages, so every page is reachable from "/".
struct DemoSiteMap: Sendable {
    static let pagesPerSection = 30
    /// "/old/1" … "/old/3" answer 301 to the page of the same number.
    static let redirectedPages = 1...3
    /// "/missing-1" … "/missing-20" are linked but answer 404.
    static let missingPages = 1...20
    static let searchWords = ["harbour", "lantern", "meadow", "signal", "orchard", "compass"]

    private static let adjectives = ["Quiet", "Amber", "Northern", "Hidden", "Silver", "Broken", "Lucky", "Distant"]
    private static let nouns = ["Harbour", "Lantern", "Meadow", "Archive", "Engine", "Orchard", "Signal", "Bridge"]

    let pageCount: Int

    var sectionCount: Int { (pageCount + Self.pagesPerSection - 1) / Self.pagesPerSection }

    func section(ofPage page: Int) -> Int { (page - 1) / Self.pagesPerSection + 1 }

    func pages(inSection section: Int) -> ClosedRange<Int> {
        let first = (section - 1) * Self.pagesPerSection + 1
        return first...min(first + Self.pagesPerSection - 1, pageCount)
    }

    func path(ofPage page: Int) -> String { "/section-\(section(ofPage: page))/page-\(page).html" }

    /// The page's title as HTML source: distinct per page, some with entities or non-ASCII text so that
    /// a crawl shows decoding ("Café №5", "Amber &amp; Meadow 22" read as "Amber & Meadow 22").
    func titleHTML(ofPage page: Int) -> String {
        var random = SplitMix64(seed: 0x7469_746C_6500 ^ UInt64(page))
        let adjective = random.pick(Self.adjectives), noun = random.pick(Self.nouns)
        switch page {
        case 5: return "Café №5"
        case _ where page % 11 == 0: return "\(adjective) &amp; \(noun) \(page)"
        case _ where page % 13 == 0: return "Notes on &lt;\(noun.lowercased())&gt; \(page)"
        case _ where page % 17 == 0: return "\(noun) — Straßen über Brücken \(page)"
        default: return "\(adjective) \(noun) \(page)"
        }
    }

    /// The links of page `page`, 5 to 15 of them, as `href` attribute text (HTML-escaped where needed).
    /// `origin` ("127.0.0.1:8731", from the request's Host) makes the absolute-URL links.
    func links(ofPage page: Int, origin: String?) -> [DemoLink] {
        var random = SplitMix64(seed: 0x6C69_6E6B_7300 ^ UInt64(page))
        let count = random.next(in: 5...15)
        var links = [DemoLink(href: "/", text: "Home")]
        while links.count < count {
            links.append(link(from: page, random: &random, origin: origin))
        }
        return links
    }

    private func link(from page: Int, random: inout SplitMix64, origin: String?) -> DemoLink {
        let section = section(ofPage: page)
        let target = random.next(in: 1...pageCount)
        let targetSection = self.section(ofPage: target)
        let sibling = random.next(in: pages(inSection: section))
        switch random.next(below: 100) {
        case ..<25:
            return DemoLink(href: "page-\(sibling).html", text: "Sibling \(sibling)")
        case ..<40:
            return DemoLink(href: "../section-\(targetSection)/page-\(target).html", text: "Relative \(target)")
        case ..<55:
            return DemoLink(href: path(ofPage: target), text: "Page \(target)")
        case ..<65:
            guard let origin else { return DemoLink(href: path(ofPage: target), text: "Page \(target)") }
            return DemoLink(href: "http://\(origin)\(path(ofPage: target))", text: "Absolute \(target)")
        case ..<73:
            return DemoLink(href: "page-\(sibling).html#part-\(random.next(in: 1...3))", text: "Part of \(sibling)")
        case ..<76:
            return DemoLink(href: "#top", text: "Top")
        case ..<81:
            let word = random.pick(Self.searchWords)
            return DemoLink(href: "/search?q=\(word)&amp;page=\(random.next(in: 1...2))", text: "Search \(word)")
        case ..<87:
            let missing = random.next(in: Self.missingPages)
            return DemoLink(href: "/missing-\(missing)", text: "Missing \(missing)")
        case ..<90:
            let old = random.next(in: 1...min(Self.redirectedPages.upperBound, pageCount))
            return DemoLink(href: "/old/\(old)", text: "Old page \(old)")
        case ..<95:
            return DemoLink(href: "mailto:editor@example.invalid?subject=Page%20\(page)", text: "Write to us")
        default:
            return DemoLink(href: "javascript:void(0)", text: "Script")
        }
    }
}

/// One anchor: `href` as it appears in the HTML source.
struct DemoLink: Sendable, Equatable {
    let href: String
    let text: String
}
