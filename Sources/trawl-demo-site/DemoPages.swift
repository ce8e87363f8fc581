/// HTML for each kind of page of the demo site.
struct DemoPages: Sendable {
    let map: DemoSiteMap

    /// "/": every section index, plus one link to each special case a crawler must handle.
    func index() -> String {
        let sections = (1...map.sectionCount).map { section in
            let pages = map.pages(inSection: section)
            return DemoLink(href: "/section-\(section)/", text: "Section \(section) (pages \(pages.lowerBound)–\(pages.upperBound))")
        }
        let specials = [
            DemoLink(href: "/latin1.html", text: "A page in ISO-8859-1"),
            DemoLink(href: "/data.bin", text: "Binary data"),
            DemoLink(href: "/slow", text: "A slow page"),
            DemoLink(href: "/old/1", text: "An old address (301)"),
            DemoLink(href: "/loop-a", text: "A redirect loop"),
            DemoLink(href: "/missing-0", text: "A missing page (404)"),
            DemoLink(href: "/search?q=harbour&amp;page=1", text: "Search"),
            DemoLink(href: "mailto:webmaster@example.invalid", text: "Mail the webmaster"),
            DemoLink(href: "javascript:alert('hello')", text: "A script link"),
            DemoLink(href: "http://127.0.0.1:1/", text: "Another host, closed port"),
        ]
        return document(
            title: "Trawl demo site",
            body: "<p>A generated site of \(map.pageCount) pages for trawl's offline demo.</p>\n"
                + list(sections) + "<h2>Special cases</h2>\n" + list(specials)
        )
    }

    /// "/section-K/": links to all the section's pages, relative to the section.
    func sectionIndex(_ section: Int) -> String {
        let links = map.pages(inSection: section).map { page in
            DemoLink(href: "page-\(page).html", text: map.titleHTML(ofPage: page))
        }
        return document(title: "Section \(section)", body: list(links + [DemoLink(href: "/", text: "Home")]))
    }

    func page(_ page: Int, origin: String?) -> String {
        let title = map.titleHTML(ofPage: page)
        return document(
            title: title,
            body: "<p id=\"top\">Page \(page) of section \(map.section(ofPage: page)).</p>\n"
                + list(map.links(ofPage: page, origin: origin))
        )
    }

    func search(_ query: String) -> String {
        document(title: "Search: \(escaped(query))", body: list([DemoLink(href: "/", text: "Home")]))
    }

    func slow() -> String {
        document(title: "Slow page", body: "<p>This page took 0.3 s.</p>\n" + list([DemoLink(href: "/", text: "Home")]))
    }

    /// Raw ISO-8859-1 bytes, declared only in the HTTP header: the crawler must decode by that charset.
    func latin1() -> [UInt8] {
        let html = document(
            title: "Crème brûlée à la française",
            body: "<p>Ça coûte très cher, señor : « très » cher, dit l'élève.</p>\n"
                + list([DemoLink(href: "/", text: "Accueil"), DemoLink(href: "/section-1/", text: "Première section")]),
            declaresUTF8: false
        )
        return html.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }

    private func document(title: String, body: String, declaresUTF8: Bool = true) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>\(declaresUTF8 ? "<meta charset=\"utf-8\">" : "")<title>\(title)</title></head>
        <body>
        <h1>\(title)</h1>
        \(body)</body>
        </html>

        """
    }

    private func list(_ links: [DemoLink]) -> String {
        "<ul>\n" + links.map { "<li><a href=\"\($0.href)\">\($0.text)</a></li>\n" }.joined() + "</ul>\n"
    }

    private func escaped(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;")
    }
}
