import Testing
import TrawlURLs

/// Normalization is a projection: whatever comes out, normalizing it again changes nothing. A URL
/// already in the database must never be added a second time under another spelling.
@Suite(.ownThread) struct URLIdempotenceTests {
    /// Pieces that exercise every rule: escapes of each class, bad escapes, dot segments, raw bytes that
    /// must be encoded, delimiters, case, ports, non-ASCII.
    static let pieces = [
        "a", "Z", "~", "-", ".", "..", "/", "//", "./", "../", "?", "&", "=", "+", ";", ":", "@", "!", "$",
        "'", "(", "*", ",", "[", "]", "%", "%2", "%2e", "%2E", "%2f", "%3F", "%7e", "%41", "%c3%a9", "%zz",
        "%25", " ", "\t", "\"", "<", "`", "{", "|", "\\", "^", "é", "ü", "例", "\u{7F}", "#", "#x", "x",
    ]

    @Test(arguments: 0..<8)
    func parsingIsIdempotent(seed: Int) async throws {
        var random = SplitMix64(seed: UInt64(seed))
        let prefixes = ["http://a.com/", "HTTPS://Ex.COM:443/", "http://[::1]:8080", "http://h%41st.org"]
        for iteration in 0..<400 {
            if iteration % 100 == 0 { await Task.yield() }  // let timing tests elsewhere run
            let text = prefixes[random.next(below: prefixes.count)] + Self.randomTail(&random)
            guard let url = try? NormalizedURL(parsing: text) else { continue }
            let again = try NormalizedURL(parsing: url.string)
            #expect(again.string == url.string, "input: \(text)")
            #expect(!url.string.contains("#"), "input: \(text)")
            #expect(url.string.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "input: \(text)")
        }
    }

    @Test(arguments: 0..<8)
    func resolvingIsIdempotent(seed: Int) async throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1000)
        let page = try NormalizedURL(parsing: "http://a.com/b/c/d;p?q")
        let prefixes = ["", "/", "//b.org/", "?", "../", "./", "http://c.net/", " "]
        for iteration in 0..<400 {
            if iteration % 100 == 0 { await Task.yield() }  // let timing tests elsewhere run
            let href = prefixes[random.next(below: prefixes.count)] + Self.randomTail(&random)
            guard let link = page.resolving(href) else { continue }
            #expect(try NormalizedURL(parsing: link.string).string == link.string, "href: \(href)")
            #expect(page.resolving(link.string)?.string == link.string, "href: \(href)")
        }
    }

    private static func randomTail(_ random: inout SplitMix64) -> String {
        (0..<random.next(below: 8)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
    }
}

/// A tiny seeded generator, so a failure names a reproducible seed.
private struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
