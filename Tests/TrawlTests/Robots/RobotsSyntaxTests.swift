import Testing
import TrawlRobots

/// The line syntax of RFC 9309 §2.2: fields, separators, comments, line endings, and what is ignored.
@Suite struct RobotsSyntaxTests {
    static func rules(_ text: String, for agent: String = "trawl") -> RobotsRules {
        RobotsRules(parsing: Array(text.utf8), userAgent: agent)
    }

    @Test(arguments: [
        "User-agent: *\nDisallow: /x\n",  // LF
        "User-agent: *\r\nDisallow: /x\r\n",  // CRLF
        "User-agent: *\rDisallow: /x\r",  // CR
        "User-agent: *\r\n\r\nDisallow: /x",  // blank lines inside a group, no final newline
        "# header comment\nUser-agent: * # everyone\n   # indented comment\nDisallow: /x # not /y\n",
        "USER-AGENT: *\nDISALLOW: /x\n",  // field names are case-insensitive
        "user-agent:*\ndisallow:/x\n",  // no whitespace
        "  User-agent  :\t*  \n\tDisallow \t:   /x   \n",  // whitespace around name and value
        "this is garbage\nUser-agent: *\n:::\nDisallow /y\nDisallow: /x\n: /y\n\u{1}\u{2}\n",
        "User-agent: *\nAllow:\nDisallow: /x\n",  // empty Allow is nothing
        "Disallow: /y\nAllow: /x\nUser-agent: *\nDisallow: /x\n",  // rules before any user-agent ignored
    ])
    func lineSyntax(text: String) {
        let rules = Self.rules(text)
        #expect(!rules.allows("/x"))
        #expect(!rules.allows("/x/deeper"))
        #expect(rules.allows("/y"))
    }

    @Test func byteOrderMarkIsSkipped() {
        let body: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("User-agent: trawl\nDisallow: /x\n".utf8)
        let rules = RobotsRules(parsing: body, userAgent: "trawl")
        #expect(!rules.allows("/x"))
        #expect(rules.allows("/y"))
    }

    @Test func commentStartsAtHash() {
        let rules = Self.rules("User-agent: *\nDisallow: /a#b\n")
        #expect(!rules.allows("/a"))
        #expect(!rules.allows("/a%23b"))
    }

    @Test(arguments: [
        "User-agent: *\nDisallow:\n", "User-agent: *\nDisallow:   # nothing\n", "User-agent: *\n",
        "", "garbage", "Disallow: /\n",
    ])
    func nothingDisallowed(text: String) {
        let rules = Self.rules(text)
        #expect(rules.allows("/"))
        #expect(rules.allows("/anything?x=1"))
        #expect(rules == .allowAll)
    }

    @Test func emptyDisallowDoesNotCancelOtherRules() {
        let rules = Self.rules("User-agent: *\nDisallow:\nDisallow: /x\n")
        #expect(!rules.allows("/x"))
        #expect(rules.allows("/y"))
    }

    @Test(arguments: ["/robots.txt", "/robots.txt?x=1", "robots.txt"])
    func robotsFileIsAlwaysAllowed(path: String) {
        #expect(Self.rules("User-agent: *\nDisallow: /\nDisallow: /robots.txt$\n").allows(path))
        #expect(RobotsRules.disallowAll.allows(path))
    }

    @Test(arguments: ["/robots.txt2", "/robots.txt/x", "/Robots.txt", "/a/robots.txt"])
    func otherFilesNamedLikeRobotsAreNotExempt(path: String) {
        #expect(!RobotsRules.disallowAll.allows(path))
    }

    @Test func pathsWithoutLeadingSlash() {
        let rules = Self.rules("User-agent: *\nDisallow: /$\nDisallow: /?q\n")
        #expect(!rules.allows(""))
        #expect(!rules.allows("?q=1"))
        #expect(rules.allows("/a"))
    }

    @Test func constants() {
        #expect(RobotsRules.allowAll.allows("/"))
        #expect(RobotsRules.allowAll.crawlDelay == nil)
        #expect(RobotsRules.allowAll.sitemaps.isEmpty)
        #expect(!RobotsRules.disallowAll.allows("/"))
        #expect(!RobotsRules.disallowAll.allows("/a?b"))
        #expect(RobotsRules.disallowAll == Self.rules("User-agent: *\nDisallow: /\n"))
        #expect(RobotsRules.disallowAll != RobotsRules.allowAll)
    }

    @Test(arguments: [
        ("10", 10), ("0", 0), ("0.5", 0.5), ("2.", 2), (".25", 0.25), ("  3  ", 3), ("007", 7),
        ("3 # seconds", 3),
        ("-1", nil), ("+1", nil), ("abc", nil), ("", nil), ("1e3", nil), ("inf", nil), ("nan", nil),
        ("1.2.3", nil), (".", nil), ("5s", nil), ("1,5", nil),
    ] as [(String, Double?)])
    func crawlDelay(value: String, expected: Double?) {
        #expect(Self.rules("User-agent: *\nCrawl-delay: \(value)\n").crawlDelay == expected)
    }

    @Test func firstValidCrawlDelayWins() {
        #expect(Self.rules("User-agent: *\nCrawl-delay: x\nCrawl-delay: 4\nCrawl-delay: 8\n").crawlDelay == 4)
        #expect(Self.rules("crawl-DELAY: 4\nUser-agent: *\n").crawlDelay == nil)
    }

    @Test func sitemapsFromAnywhereInFileOrder() {
        let text = """
            Sitemap: https://example.com/a.xml
            User-agent: other
            Disallow: /
            SITEMAP:https://example.com/b.xml # comment
            Sitemap:
            User-agent: trawl
            Sitemap: https://example.com/c.xml
            Disallow: /x
            """
        let rules = Self.rules(text)
        #expect(
            rules.sitemaps == ["https://example.com/a.xml", "https://example.com/b.xml", "https://example.com/c.xml"])
        #expect(!rules.allows("/x"))
        #expect(rules.allows("/y"))
    }

    @Test func equalRulesInAnyOrderAreEqual() {
        let one = Self.rules("User-agent: *\nDisallow: /a\nAllow: /b\nDisallow: /cc\n")
        let two = Self.rules("User-agent: *\nDisallow: /cc\nAllow: /b\nDisallow: /a\n")
        #expect(one == two)
        #expect(
            Self.rules("User-agent: *\nDisallow: /a\nDisallow: /b$\nDisallow: /*c\nDisallow: /b\n")
                == Self.rules("User-agent: *\nDisallow: /*c\nDisallow: /b\nDisallow: /b$\nDisallow: /a\n"))
        #expect(one != Self.rules("User-agent: *\nDisallow: /a\n"))
    }
}
