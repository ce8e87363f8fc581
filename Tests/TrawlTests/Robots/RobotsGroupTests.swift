import Testing
import TrawlRobots

/// Which group applies to a crawler (RFC 9309 §2.2.1): its own groups by product token, merged; else the
/// `*` groups, merged; else nothing.
@Suite struct RobotsGroupTests {
    static func rules(_ text: String, for agent: String) -> RobotsRules {
        RobotsRules(parsing: Array(text.utf8), userAgent: agent)
    }

    /// RFC 9309 §2.2.1's example of groups.
    static let groupsExample = """
        user-agent: a
        disallow: /c

        user-agent: b
        disallow: /d

        user-agent: e
        user-agent: f
        disallow: /g

        user-agent: h
        """

    @Test(arguments: [
        ("a", "/c", false), ("a", "/d", true), ("a", "/g", true),
        ("b", "/d", false), ("b", "/c", true),
        ("e", "/g", false), ("f", "/g", false), ("e", "/c", true),
        ("h", "/c", true), ("h", "/g", true),
        ("x", "/c", true), ("x", "/d", true), ("x", "/g", true),  // no group and no "*": allow all
    ])
    func rfcGroupsExample(agent: String, path: String, allowed: Bool) {
        #expect(Self.rules(Self.groupsExample, for: agent).allows(path) == allowed)
    }

    /// RFC 9309 §5.1's example.
    static let simpleExample = """
        User-Agent: *
        Disallow: *.gif$
        Disallow: /example/
        Allow: /publications/

        User-Agent: foobot
        Disallow:/
        Allow:/example/page.html
        Allow:/example/allowed.gif

        User-Agent: barbot
        User-Agent: bazbot
        Disallow: /example/page.html

        User-Agent: quxbot

        EOF
        """

    @Test(arguments: [
        ("foobot", "/example/page.html", true), ("foobot", "/example/allowed.gif", true),
        ("foobot", "/example/other.html", false), ("foobot", "/", false), ("foobot", "/publications/", false),
        ("barbot", "/example/page.html", false), ("bazbot", "/example/page.html", false),
        ("barbot", "/example/other.html", true), ("bazbot", "/pic.gif", true),
        ("quxbot", "/example/page.html", true), ("quxbot", "/pic.gif", true), ("quxbot", "/", true),
        ("otherbot", "/pic.gif", false), ("otherbot", "/a/pic.gif", false), ("otherbot", "/pic.gif?x", true),
        ("otherbot", "/example/", false), ("otherbot", "/example/x", false), ("otherbot", "/publications/x", true),
        ("otherbot", "/", true), ("otherbot", "/robots.txt", true),
    ])
    func rfcSimpleExample(agent: String, path: String, allowed: Bool) {
        #expect(Self.rules(Self.simpleExample, for: agent).allows(path) == allowed)
    }

    static let specificAndGlobal = """
        User-agent: *
        Disallow: /
        Crawl-delay: 9

        User-agent: Trawl
        Disallow: /private
        Crawl-delay: 2
        """

    @Test(arguments: [
        // The specific group replaces the "*" group, whatever the case or version of the token.
        ("trawl", "/x", true), ("trawl", "/private/x", false), ("TRAWL", "/x", true),
        ("trawl/0.1 (batch web crawler; libcurl)", "/x", true),
        ("trawl/0.1 (batch web crawler; libcurl)", "/private", false),
        // A longer or shorter token is another crawler: it gets "*".
        ("trawlbot", "/x", false), ("traw", "/x", false), ("", "/x", false),
    ])
    func specificGroupWinsOverStar(agent: String, path: String, allowed: Bool) {
        #expect(Self.rules(Self.specificAndGlobal, for: agent).allows(path) == allowed)
    }

    @Test func crawlDelayComesFromTheChosenGroup() {
        #expect(Self.rules(Self.specificAndGlobal, for: "trawl").crawlDelay == 2)
        #expect(Self.rules(Self.specificAndGlobal, for: "other").crawlDelay == 9)
        #expect(Self.rules("User-agent: x\nCrawl-delay: 5\n", for: "trawl").crawlDelay == nil)
    }

    @Test(arguments: [
        "User-agent: trawl/1.0", "User-agent: TrAwL", "User-agent: trawl # comment", "user-agent:trawl",
        "User-agent:   trawl (compatible)", "User-agent: trawl*",
    ])
    func userAgentLineSpellings(line: String) {
        let rules = Self.rules("User-agent: *\nDisallow: /\n\n\(line)\nDisallow: /x\n", for: "trawl")
        #expect(rules.allows("/y"))
        #expect(!rules.allows("/x"))
    }

    @Test(arguments: ["User-agent: trawlbot", "User-agent: xtrawl", "User-agent: tra", "User-agent: *trawl"])
    func userAgentLinesForOthers(line: String) {
        let rules = Self.rules("User-agent: *\nDisallow: /\n\n\(line)\nDisallow: /x\n", for: "trawl")
        #expect(!rules.allows("/y"))
    }

    @Test func groupsForTheSameAgentAreMerged() {
        let text = """
            User-agent: trawl
            Disallow: /a
            Crawl-delay: 3

            User-agent: other
            Disallow: /b

            User-agent: TRAWL
            Disallow: /c
            Allow: /a/open
            Crawl-delay: 7
            """
        let rules = Self.rules(text, for: "trawl")
        #expect(!rules.allows("/a"))
        #expect(rules.allows("/a/open/x"))
        #expect(rules.allows("/b"))
        #expect(!rules.allows("/c"))
        #expect(rules.crawlDelay == 3)
    }

    @Test func starGroupsAreMergedWhenNoSpecificGroup() {
        let text = "User-agent: *\nDisallow: /a\n\nUser-agent: x\nDisallow: /b\n\nUser-agent: *\nDisallow: /c\n"
        let rules = Self.rules(text, for: "trawl")
        #expect(!rules.allows("/a"))
        #expect(rules.allows("/b"))
        #expect(!rules.allows("/c"))
    }

    @Test func aGroupNamingBothStarAndTheCrawlerIsSpecific() {
        let text = "User-agent: *\nUser-agent: trawl\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n"
        let rules = Self.rules(text, for: "trawl")
        #expect(!rules.allows("/a"))
        #expect(rules.allows("/b"))
    }

    @Test func anEmptySpecificGroupStillReplacesStar() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: trawl\n"
        #expect(Self.rules(text, for: "trawl").allows("/x"))
        #expect(!Self.rules(text, for: "other").allows("/x"))
    }

    @Test func aUserAgentLineAfterRulesStartsANewGroup() {
        let text = "User-agent: trawl\nDisallow: /a\nUser-agent: other\nDisallow: /b\n"
        let rules = Self.rules(text, for: "trawl")
        #expect(!rules.allows("/a"))
        #expect(rules.allows("/b"))
    }

    @Test func crawlDelayEndsTheUserAgentLines() {
        // Crawl-delay belongs to the group above it, so the next user-agent line starts a new group.
        let text = "User-agent: other\nCrawl-delay: 1\nUser-agent: trawl\nDisallow: /a\n"
        let rules = Self.rules(text, for: "trawl")
        #expect(rules.crawlDelay == nil)
        #expect(!rules.allows("/a"))
    }

    @Test func unknownFieldsAndCommentsDoNotEndAGroup() {
        let text = """
            User-agent: other
            # a comment between agents
            Unknown-field: whatever

            User-agent: trawl
            Noindex: /x
            Sitemap: https://example.com/s.xml
            Disallow: /a
            """
        #expect(!Self.rules(text, for: "other").allows("/a"))
        #expect(!Self.rules(text, for: "trawl").allows("/a"))
        #expect(Self.rules(text, for: "third").allows("/a"))
    }
}
