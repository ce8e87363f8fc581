import Testing
@testable import TrawlURLs

@Suite("URLs: the fast paths give exactly the URL parser's result", .ownThread)
struct URLFastPathTests {
    static let bases = [
        "http://a.test/", "http://a.test/dir/page.html", "http://a.test/dir/", "http://a.test:8080/x/y?q=1",
        "https://u:p@a.test/d/e", "http://[::1]:8080/p/q", "http://a.test/a%20b/c",
    ]
    static let pieces = [
        "a", "b", "z9", "-", "_", "~", "/", "/", "/", ".", "..", "?", "&", "=", "%41", "%2f", "%7e", "%zz", "%",
        " ", "#", ":", "@", "!", "$", "'", "(", ")", "*", "+", ",", ";", "[", "]", "{", "}", "|", "^", "`",
        "\"", "<", ">", "é", "\\", "\t", "index.html", "page-2", "?page=3", "//", "./", "../",
    ]

    @Test("random hrefs against several bases: fast path and parser agree", arguments: bases)
    func agreesWithTheParser(_ baseText: String) async throws {
        let base = try NormalizedURL(parsing: baseText)
        let fast = LinkResolver(base: base, usesFastPath: true)
        let slow = LinkResolver(base: base, usesFastPath: false)
        var random = SplitMix(seed: UInt64(baseText.utf8.count))
        var fastHits = 0
        for iteration in 0..<4_000 {
            // Thousands of synchronous parses: let the other tests' tasks run now and then (the cooperative
            // pool has as many threads as cores, and timing tests elsewhere await on it).
            if iteration % 200 == 0 { await Task.yield() }
            let count = Int(random.next() % 6) + 1
            var href = (0..<count).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
            switch random.next() % 4 {
            case 0: href = base.origin + "/" + href  // the page's own origin spelled out
            case 1: href = base.origin + href
            default: break
            }
            let expected = slow.resolve(href)
            #expect(fast.resolve(href) == expected, "href \(href) on \(baseText)")
            if let expected, LinkResolver.joined(PreparedReference(href).cString, to: BaseParts(base), base: base) != nil
                || LinkResolver.pathOnSameOrigin(PreparedReference(href).cString, parts: BaseParts(base)) != nil {
                fastHits += 1
                #expect(expected.hostKey == base.hostKey)
            }
        }
        #expect(fastHits > 200, "the fast path was exercised")
    }

    @Test("typical links take the fast path, with the parser's result",
          arguments: ["/a/b.html", "b.html", "sub/c.html?x=1&y=2", "?page=2", "../x.html", "../../../../y", "./z/",
                      "//a.test/w.html"])
    func typicalLinksAreFast(_ href: String) throws {
        let base = try NormalizedURL(parsing: "http://a.test/dir/sub/page.html?old=1")
        #expect(LinkResolver.joined(PreparedReference(href).cString, to: BaseParts(base), base: base) != nil)
        #expect(LinkResolver(base: base, usesFastPath: true).resolve(href)
                == LinkResolver(base: base, usesFastPath: false).resolve(href))
    }

    static let schemes = ["http://", "https://", "HTTP://", "Https://", "http:/", "http:"]
    static let hosts = [
        "a.test", "docs.example.net", "A.test", "a.test.", ".a.test", "a..test", "a_b.test", "-a.test", "a-.test",
        "127.0.0.1", "127.0.0.5", "127.1", "0x7f.0.0.1", "010.0.0.1", "256.1.1.1", "1.2.3.4.5", "1.2.3", "1.2.3.",
        "0.0.0.0", "255.255.255.255", "1.02.3.4", "4a.test", "a.4", "a.0x10", "xn--bcher-kva.test",
        "b\u{fc}cher.test", "XN--bcher-kva.test", "0x7f.1", "1.2.3.4.", "u@a.test", "u:p@a.test", "[::1]", "%61.test", "",
    ]
    static let ports = ["", "", ":80", ":443", ":8080", ":080", ":0", ":1", ":65535", ":65536", ":123456", ":", ":8o"]

    @Test("random absolute links to other hosts: the fast path and the parser agree")
    func absoluteAgreesWithTheParser() async throws {
        let base = try NormalizedURL(parsing: "http://page.test/dir/page.html")
        let fast = LinkResolver(base: base, usesFastPath: true)
        let slow = LinkResolver(base: base, usesFastPath: false)
        var random = SplitMix(seed: 2026)
        var fastHits = 0
        for iteration in 0..<12_000 {
            if iteration % 200 == 0 { await Task.yield() }
            func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
            let count = Int(random.next() % 5)
            let rest = (0..<count).map { _ in pick(Self.pieces) }.joined()
            let href = pick(Self.schemes) + pick(Self.hosts) + pick(Self.ports) + (random.next() % 4 == 0 ? "" : "/") + rest
            let expected = slow.resolve(href)
            #expect(fast.resolve(href) == expected, "href \(href)")
            if let simple = LinkResolver.simpleAbsolute(PreparedReference(href).cString) {
                fastHits += 1
                #expect(simple.hostKey == expected?.hostKey && simple.scheme == expected?.scheme, "href \(href)")
            }
        }
        // Fewer of the random pieces are copied as they are than curl copied (`'^{}` are encoded now).
        #expect(fastHits > 200, "the fast path was exercised: \(fastHits)")
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
