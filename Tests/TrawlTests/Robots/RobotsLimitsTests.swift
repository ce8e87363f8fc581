import Testing
import TrawlRobots

/// Large files and the parse limit (RFC 9309 §2.5: parse at least the first 500 KiB).
@Suite(.ownThread) struct RobotsLimitsTests {
    /// Exactly `size` bytes: a trawl group of many rules, padding, then a final rule whose line ends on
    /// the last byte.
    static func fileOfRules(size: Int, lastRule: String) -> [UInt8] {
        var body = Array("User-agent: trawl\n".utf8)
        let last = Array("Disallow: \(lastRule)\n".utf8)
        var number = 0
        while body.count + last.count + 40 < size {
            body += Array("Disallow: /dir\(number)/\n".utf8)
            number += 1
        }
        let padding = size - body.count - last.count - 2
        body += [UInt8(ascii: "#")] + Array(repeating: UInt8(ascii: "x"), count: padding) + [UInt8(ascii: "\n")]
        body += last
        return body
    }

    @Test func ruleAtTheEndOfTheFirst500KiBIsHonoured() {
        var body = Self.fileOfRules(size: 512_000, lastRule: "/near-end")
        #expect(body.count == 512_000)
        body += Array("Disallow: /beyond\n".utf8)
        let rules = RobotsRules(parsing: body, userAgent: "trawl")
        #expect(!rules.allows("/near-end"))
        #expect(!rules.allows("/dir0/x"))
        #expect(!rules.allows("/dir20000/"))
        #expect(rules.allows("/beyond"))
        #expect(rules.allows("/dir/"))
        #expect(rules.allows("/other"))
    }

    @Test func manyRulesStillMatchByLength() {
        var body = Self.fileOfRules(size: 512_000, lastRule: "/dir7/open/deeper")
        body += Array("Allow: /dir7/open\n".utf8)  // beyond the limit: ignored
        let rules = RobotsRules(parsing: body, userAgent: "trawl", maxBytes: body.count)
        #expect(!rules.allows("/dir7/open/deeper/x"))
        #expect(rules.allows("/dir7/open/x"))
        #expect(!rules.allows("/dir7/x"))
        for number in stride(from: 0, to: 20_000, by: 997) {
            #expect(!rules.allows("/dir\(number)/page?x=\(number)"))
            #expect(rules.allows("/dir\(number)"))
        }
    }

    @Test(arguments: [
        // The limit cuts "Disallow: /private-area" after "Disallow: /": the cut line is dropped, not read
        // as "Disallow: /".
        ("User-agent: *\nDisallow: /", "/other", true), ("User-agent: *\nDisallow: /", "/private-area", true),
        ("User-agent: *\nDisallow: /pri", "/private-area", true),
        // A limit right before the line break keeps the whole line, with LF or CRLF.
        ("User-agent: *\nDisallow: /private-area", "/private-area", false),
        ("User-agent: *\nDisallow: /private-area\r", "/private-area", false),
        ("User-agent: *\nDisallow: /private-area", "/other", true),
        // A limit inside the first line leaves nothing.
        ("User-ag", "/private-area", true), ("", "/private-area", true),
    ])
    func lineCutByTheLimitIsIgnored(prefix: String, path: String, allowed: Bool) {
        let body = Array("User-agent: *\nDisallow: /private-area\r\nDisallow: /tail\n".utf8)
        let limit = prefix.utf8.count
        #expect(Array(body[..<limit]) == Array(prefix.utf8))
        let rules = RobotsRules(parsing: body, userAgent: "trawl", maxBytes: limit)
        #expect(rules.allows(path) == allowed)
        #expect(rules.allows("/tail"))
    }

    @Test func fileShorterThanTheLimitIsReadWhole() {
        let body = Array("User-agent: *\nDisallow: /a".utf8)
        #expect(!RobotsRules(parsing: body, userAgent: "trawl", maxBytes: 1_000).allows("/a"))
        #expect(!RobotsRules(parsing: body, userAgent: "trawl", maxBytes: body.count).allows("/a"))
        #expect(RobotsRules(parsing: body, userAgent: "trawl", maxBytes: -1) == .allowAll)
    }

    @Test func aHugeSingleLineIsHandled() {
        let pattern = "/" + String(repeating: "ab*", count: 50_000)
        let rules = RobotsRules(parsing: Array("User-agent: *\nDisallow: \(pattern)c\n".utf8), userAgent: "trawl")
        #expect(rules.allows("/" + String(repeating: "ab", count: 60_000)))
        #expect(!rules.allows("/" + String(repeating: "ab", count: 50_000) + "c"))
    }
}
