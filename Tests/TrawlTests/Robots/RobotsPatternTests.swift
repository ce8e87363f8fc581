import Testing
import TrawlRobots

/// Pattern matching and precedence (RFC 9309 §2.2.2–§2.2.3), with the examples of Google's robots.txt
/// documentation ("URL matching based on path values", "Order of precedence for rules").
@Suite struct RobotsPatternTests {
    /// Rules for "trawl" from a one-group file for every crawler.
    static func robots(_ lines: String...) -> RobotsRules {
        let text = (["User-agent: *"] + lines).joined(separator: "\n")
        return RobotsRules(parsing: Array(text.utf8), userAgent: "trawl")
    }

    @Test(arguments: [
        // "/" and "/*" match everything.
        ("/", "/", true), ("/", "/any/thing?x=1", true), ("/*", "/", true), ("/*", "/a/b", true),
        // "/$" matches only the root.
        ("/$", "/", true), ("/$", "/page.html", false), ("/$", "/?lang=en", false),
        // "/fish" is a prefix, case-sensitive.
        ("/fish", "/fish", true), ("/fish", "/fish.html", true), ("/fish", "/fish/salmon.html", true),
        ("/fish", "/fishheads", true), ("/fish", "/fishheads/yummy.html", true),
        ("/fish", "/fish.php?id=anything", true),
        ("/fish", "/Fish.asp", false), ("/fish", "/catfish", false), ("/fish", "/?id=fish", false),
        ("/fish", "/desert/fish", false),
        // "/fish*" is the same as "/fish".
        ("/fish*", "/fish", true), ("/fish*", "/fish.html", true), ("/fish*", "/fishheads/yummy.html", true),
        ("/fish*", "/Fish.asp", false), ("/fish*", "/catfish", false), ("/fish*", "/?id=fish", false),
        // "/fish/" matches the folder and below.
        ("/fish/", "/fish/", true), ("/fish/", "/fish/?id=anything", true), ("/fish/", "/fish/salmon.htm", true),
        ("/fish/", "/fish", false), ("/fish/", "/fish.html", false), ("/fish/", "/animals/fish/", false),
        ("/fish/", "/Fish/Salmon.asp", false),
        // "/*.php" anywhere in the path or query.
        ("/*.php", "/index.php", true), ("/*.php", "/filename.php", true), ("/*.php", "/folder/filename.php", true),
        ("/*.php", "/folder/filename.php?parameters", true), ("/*.php", "/folder/any.php.file.html", true),
        ("/*.php", "/filename.php/", true), ("/*.php", "/", false), ("/*.php", "/windows.PHP", false),
        // "/*.php$" only at the end.
        ("/*.php$", "/filename.php", true), ("/*.php$", "/folder/filename.php", true),
        ("/*.php$", "/filename.php?parameters", false), ("/*.php$", "/filename.php/", false),
        ("/*.php$", "/filename.php5", false), ("/*.php$", "/windows.PHP", false),
        // "/fish*.php"
        ("/fish*.php", "/fish.php", true), ("/fish*.php", "/fishheads/catfish.php?parameters", true),
        ("/fish*.php", "/Fish.PHP", false),
        // A leading "*" (RFC 9309 §5.1 "*.gif$"), several wildcards, "**", "$" after "*".
        ("*.gif$", "/a/b.gif", true), ("*.gif$", "/b.gif?x", false), ("/a*b*c", "/aXbYc", true),
        ("/a*b*c", "/aXcYb", false), ("/a**b", "/ab", true), ("/a*$", "/a/anything", true),
        ("/a*b$", "/ab", true), ("/a*b$", "/a", false), ("/ab*b$", "/ab", false), ("/ab*b$", "/abb", true),
        // "$" in the middle is a literal; a pattern not starting with "/" or "*" is taken as written.
        ("/a$b", "/a$b", true), ("/a$b", "/a", false), ("fish", "/fish", false), ("fish", "fish", false),
    ])
    func googleExamples(pattern: String, path: String, matches: Bool) {
        #expect(Self.robots("Disallow: \(pattern)").allows(path) == !matches)
    }

    @Test(arguments: [
        ("/p", "/", "/page", true),
        ("/folder", "/folder", "/folder/page", true),  // tie: Allow wins
        ("/page", "/*.htm", "/page.htm", false),  // "/*.htm" has more octets
        ("/page", "/*.ph", "/page.php5", true),  // equal length: Allow wins
        ("/$", "/", "/", true),
        ("/$", "/", "/page.htm", false),
        ("/example/page/", "/example/page/disallowed.gif", "/example/page/disallowed.gif", false),  // RFC §5.2
        ("/example/page/", "/example/page/disallowed.gif", "/example/page/allowed.gif", true),
        ("/~ab", "/%7Ea", "/~abc", true),  // lengths after normalization: 4 against 3
        ("/a*", "/ab", "/abc", true),  // a wildcard counts as an octet: 3 against 3
    ])
    func precedence(allow: String, disallow: String, path: String, allowed: Bool) {
        let rules = Self.robots("Allow: \(allow)", "Disallow: \(disallow)")
        #expect(rules.allows(path) == allowed)
        let reversed = Self.robots("Disallow: \(disallow)", "Allow: \(allow)")
        #expect(reversed.allows(path) == allowed, "order in the file must not matter")
    }

    @Test(arguments: [
        // RFC 9309 §2.2.2's table: raw non-ASCII ≡ its UTF-8 escapes; escaped unreserved ≡ plain.
        ("/foo/bar/ツ", "/foo/bar/%E3%83%84", true), ("/foo/bar/%E3%83%84", "/foo/bar/ツ", true),
        ("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", true), ("/foo/bar/%62%61%7A", "/foo/bar/baz", true),
        ("/foo/bar/baz", "/foo/bar/%62%61%7a", true), ("/foo/bar?baz=quz", "/foo/bar?baz=quz", true),
        // "%7E" ≡ "~" both ways; hex case does not matter.
        ("/~joe", "/%7Ejoe/x", true), ("/%7ejoe", "/~joe", true), ("/a%2fb", "/a%2Fb", true),
        ("/a%2Fb", "/a%2fb", true),
        // An escaped delimiter is not the delimiter.
        ("/a%2Fb", "/a/b", false), ("/a/b", "/a%2Fb", false), ("/a%3Fb", "/a?b", false),
        // RFC 9309 §2.2.3: "%2A" and "%24" match a literal "*" and "$".
        ("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true),
        ("/path/file-with-a-%2A.html", "/path/file-with-a-x.html", false),
        ("/path/foo-%24", "/path/foo-$", true), ("/path/foo-%24", "/path/foo-", false),
        // Characters never valid raw in a URL are compared escaped.
        ("/a b", "/a%20b", true), ("/a%20b", "/a b", true), ("/a|b", "/a%7Cb", true),
        // A lone "%" is itself escaped.
        ("/100%", "/100%25", true), ("/100%25", "/100%", true),
        // Case-sensitive paths, also inside escapes' decoded letters.
        ("/%41", "/A", true), ("/%41", "/a", false),
    ])
    func percentEncodingEquivalence(pattern: String, path: String, matches: Bool) {
        #expect(Self.robots("Disallow: \(pattern)").allows(path) == !matches)
    }

    @Test func invalidUTF8InAPatternMatchesItsEscape() {
        let body = Array("User-agent: *\nDisallow: /x".utf8) + [0xFF, 0xFE] + Array("y\n".utf8)
        let rules = RobotsRules(parsing: body, userAgent: "trawl")
        #expect(!rules.allows("/x%FF%FEy"))
        #expect(!rules.allows("/x%ff%feyz"))
        #expect(rules.allows("/xy"))
    }

    @Test(arguments: [
        ("/a*a*a*a*a*a*a*a*b", String(repeating: "a", count: 20_000), false),
        ("/a*a*a*a*a*a*a*a*b", String(repeating: "a", count: 20_000) + "b", true),
        ("/a*a*a*a*a*a*a*a*b$", String(repeating: "a", count: 20_000) + "ba", false),
        ("/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c$", String(repeating: "a", count: 20_000), false),
        ("/" + String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 20_000), false),
        ("/" + String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 20_000) + "b", true),
        ("/*aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", String(repeating: "a", count: 20_000), false),
    ])
    func pathologicalPatternsFinish(pattern: String, tail: String, matches: Bool) {
        #expect(Self.robots("Disallow: \(pattern)").allows("/" + tail) == !matches)
    }
}
