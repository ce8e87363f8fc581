import Testing
import TrawlURLs

/// `NormalizedURL.resolving(_:)`: links found on pages.
@Suite struct URLResolutionTests {
    static let rfcBase = "http://a/b/c/d;p?q"

    /// RFC 3986 §5.4.1 "Normal Examples", with the fragment dropped from each result.
    @Test(arguments: [
        ("g", "http://a/b/c/g"),
        ("./g", "http://a/b/c/g"),
        ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"),
        ("//g", "http://g/"),
        ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q"),
        ("g#s", "http://a/b/c/g"),
        ("g?y#s", "http://a/b/c/g?y"),
        (";x", "http://a/b/c/;x"),
        ("g;x", "http://a/b/c/g;x"),
        ("g;x?y#s", "http://a/b/c/g;x?y"),
        ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"),
        ("..", "http://a/b/"),
        ("../", "http://a/b/"),
        ("../g", "http://a/b/g"),
        ("../..", "http://a/"),
        ("../../", "http://a/"),
        ("../../g", "http://a/g"),
    ])
    func rfc3986NormalExamples(href: String, expected: String) throws {
        try expectResolution(base: Self.rfcBase, href: href, expected: expected)
    }

    /// RFC 3986 §5.4.2 "Abnormal Examples". `http:g` is the WHATWG reading (a relative reference on an
    /// http page, §5.4.2's "for backward compatibility" choice), as browsers resolve it.
    @Test(arguments: [
        ("../../../g", "http://a/g"),
        ("../../../../g", "http://a/g"),
        ("/./g", "http://a/g"),
        ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"),
        ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g"),
        ("g#s/../x", "http://a/b/c/g"),
        ("http:g", "http://a/b/c/g"),
    ])
    func rfc3986AbnormalExamples(href: String, expected: String) throws {
        try expectResolution(base: Self.rfcBase, href: href, expected: expected)
    }

    @Test(arguments: [
        // Base with a query
        ("http://a.com/dir/page?x=1", "?y=2", "http://a.com/dir/page?y=2"),
        ("http://a.com/dir/page?x=1", "", "http://a.com/dir/page?x=1"),
        ("http://a.com/dir/page?x=1", "#top", "http://a.com/dir/page?x=1"),
        ("http://a.com/dir/page?x=1", "   ", "http://a.com/dir/page?x=1"),
        ("http://a.com/dir/page?x=1", "?", "http://a.com/dir/page?"),
        // Backslashes are slashes in http(s) (WHATWG)
        ("http://a.com/foo/bar", "\\x", "http://a.com/x"),
        ("http://a.com/foo/bar", "\\\\b.com\\y", "http://b.com/y"),
        ("http://a.com/foo/bar", "http:/x", "http://a.com/x"),
        ("https://a.com/foo/bar", "http:b.com/x", "http://b.com/x"),
        ("http://a.com/dir/page?x=1", "other", "http://a.com/dir/other"),
        // Protocol-relative keeps the page's scheme
        ("http://a.com/x", "//other.host/x", "http://other.host/x"),
        ("https://a.com/x", "//Other.Host:443/y", "https://other.host/y"),
        ("https://a.com/x", "//other.host:80/y", "https://other.host:80/y"),
        // Whitespace around and inside
        ("http://a.com/dir/", "  /padded  ", "http://a.com/padded"),
        ("http://a.com/dir/", "\n  /wrapped\n/path\t", "http://a.com/wrapped/path"),
        // Absolute links are normalized too
        ("http://a.com/", "HTTPS://B.com:443/x#f", "https://b.com/x"),
        ("http://a.com/", "HTTP://b.com", "http://b.com/"),
        ("http://a.com/", "http://b.com/%7e/./x", "http://b.com/~/x"),
        // Escapes and raw characters in relative references
        ("http://a.com/dir/", "a b/é?q=a b", "http://a.com/dir/a%20b/%C3%A9?q=a%20b"),
        ("http://a.com/dir/", "%2e%2e/x", "http://a.com/x"),
        ("http://a.com/dir/", "x%2fy", "http://a.com/dir/x%2Fy"),
        ("http://a.com/dir/", "./g:h", "http://a.com/dir/g:h"),
        // Ports and IP literals on the base
        ("http://[::1]:8080/a/b", "../c", "http://[::1]:8080/c"),
        ("http://127.0.0.2:8080/a/b", "c?d=1", "http://127.0.0.2:8080/a/c?d=1"),
        // Userinfo on the base carries over to relative links (§5.2.2: the authority is the base's)
        ("http://u:p@a.com/x", "y", "http://a.com/y"),  // userinfo never kept
        // IDN in a link
        ("http://a.com/", "//Bücher.de/", "http://xn--bcher-kva.de/"),
    ])
    func resolves(base: String, href: String, expected: String) throws {
        try expectResolution(base: base, href: href, expected: expected)
    }

    @Test(arguments: [
        "mailto:x@y",
        "MAILTO:x@y",
        "javascript:void(0)",
        " JavaScript:alert(1)",
        "tel:123",
        "data:text/html,x",
        "ftp://x/",
        "file:///etc/passwd",
        "g:h",
        "http://",
        "//",
        "http://a.com:99999/",
        "http://a%25b/",
        "//[::1/",
    ])
    func dropsLinksThatAreNotHTTP(href: String) throws {
        let page = try NormalizedURL(parsing: Self.rfcBase)
        #expect(page.resolving(href) == nil)
    }

    private func expectResolution(base: String, href: String, expected: String) throws {
        let page = try NormalizedURL(parsing: base)
        let link = try #require(page.resolving(href))
        #expect(link.string == expected)
        // The result is already in normal form.
        #expect(try NormalizedURL(parsing: link.string) == link)
        #expect(page.resolving(link.string) == link)
    }
}

/// `LinkResolver` parses the page's URL once and must agree with `NormalizedURL.resolving(_:)`.
@Suite struct URLLinkResolverTests {
    @Test(arguments: [
        "g", "./g", "../../../g", "?y", "#s", "", "  ", "//other.host/x", "HTTPS://B.com:443/x#f", "a b/é",
        "mailto:x@y", "javascript:void(0)", "http:g", "http://", "%2e%2e/x", "g?y/../x",
    ])
    func agreesWithResolving(href: String) throws {
        for base in ["http://a/b/c/d;p?q", "https://u:p@[::1]:8443/x/y", "http://Bücher.de/a/"] {
            let page = try NormalizedURL(parsing: base)
            let resolver = LinkResolver(base: page)
            #expect(resolver.base == page)
            #expect(resolver.resolve(href) == page.resolving(href), "base \(base)")
            #expect(resolver.resolve(href)?.string == page.resolving(href)?.string, "base \(base)")
        }
    }
}
