import Testing
@testable import TrawlCrawl
import TrawlStore
import TrawlURLs

@Suite("Scope: patterns, stripped parameters and trap guards, case by case")
struct ScopeRuleTests {
    @Test("--strip-query removes matching parameters, keeps the others in order",
          arguments: [
              ("http://a.test/x?utm_source=1&id=2", ["utm_*"], "http://a.test/x?id=2"),
              ("http://a.test/x?utm_source=1&utm_medium=2", ["utm_*"], "http://a.test/x"),
              ("http://a.test/x?id=2&sessionid=abc&b", ["sessionid"], "http://a.test/x?id=2&b"),
              ("http://a.test/x?sessionid", ["sessionid"], "http://a.test/x"),
              ("http://a.test/x?mysessionid=1", ["sessionid"], "http://a.test/x?mysessionid=1"),
              ("http://a.test/x?a=1&b=2", ["*"], "http://a.test/x"),
              ("http://a.test/x?ref_a=1&ref=2", ["ref_*"], "http://a.test/x?ref=2"),
              ("http://a.test/x?fbclid=1&gclid=2&q=3", ["*clid"], "http://a.test/x?q=3"),
              ("http://a.test/x?a=1", [], "http://a.test/x?a=1"),
          ])
    func stripQuery(url: String, patterns: [String], expected: String) throws {
        let filter = QueryParameterFilter(patterns)
        let stripped = filter.apply(to: try NormalizedURL(parsing: url))
        #expect(stripped.string == expected)
        #expect(try NormalizedURL(parsing: stripped.string) == stripped, "still in normal form")
    }

    @Test("an invalid pattern is refused, naming it and the character where it went wrong",
          arguments: [("(a", 1), ("*x", 1), ("[z-a]", 4), ("a{2,1}", 6), ("docs/(a|b", 6)])
    func invalidPattern(pattern: String, position: Int) {
        #expect(throws: ScopeRuleError.self) { try POSIXRegex(pattern, flag: "--exclude") }
        do {
            _ = try POSIXRegex(pattern, flag: "--exclude")
        } catch {
            guard case .invalidPattern(let flag, let named, let at, let reason) = error else { return }
            #expect(flag == "--exclude" && named == pattern && at == position && !reason.isEmpty)
            #expect(error.description.contains("'\(pattern)'") && error.description.contains("at character \(position)"))
        }
    }

    @Test("patterns are POSIX extended regular expressions, matched anywhere unless anchored",
          arguments: [
              ("/(login|logout|cart)", "https://example.org/cart/1", true),
              ("/(login|logout|cart)", "https://example.org/docs/", false),
              ("^https://example\\.org/docs/", "https://example.org/docs/a", true),
              ("^https://example\\.org/docs/", "https://example.org/blog/docs/", false),
              ("^https://example\\.org/docs/", "https://exampleXorg/docs/", false),
              ("\\.pdf$", "https://a.test/x.pdf", true),
              ("[?&]page=[0-9]{3,}", "https://a.test/l?page=1234", true),
              ("[?&]page=[0-9]{3,}", "https://a.test/l?page=12", false),
          ])
    func matching(pattern: String, url: String, matches: Bool) throws {
        #expect(try POSIXRegex(pattern, flag: "--include").matches(url) == matches)
    }

    @Test("trap guards: path segments and the most repeated one",
          arguments: [
              ("http://a.test/", 0, 0),
              ("http://a.test/a/b/c", 3, 1),
              ("http://a.test/a/b/a/b/a/b", 6, 3),
              ("http://a.test/2026/01/2026/01/2026/01/2026?x=/2026/", 7, 4),
              ("http://a.test//a//a/", 2, 2),
          ])
    func segments(url: String, count: Int, repeats: Int) {
        let segments = LinkScope.pathSegments(of: url)
        #expect(segments.count == count)
        #expect(LinkScope.mostRepeats(segments) == repeats)
    }

    @Test("--include applies to followed links, --exclude and the guards to external checks too")
    func includeSparesExternalChecks() throws {
        var rules = ScopeRules()
        rules.include = ["^http://a\\.test/docs/"]
        rules.exclude = ["/private/"]
        let scope = try LinkScope(rules)
        let jobs = [
            NewJob(url: "http://a.test/docs/1", host: "a.test", depth: 1),
            NewJob(url: "http://a.test/blog/1", host: "a.test", depth: 1),
            NewJob(url: "http://b.test/x", host: "b.test", depth: 1, checkOnly: true),
            NewJob(url: "http://b.test/private/x", host: "b.test", depth: 1, checkOnly: true),
            NewJob(url: "http://b.test/a/a/a/a", host: "b.test", depth: 1, checkOnly: true),
        ]
        let judged = scope.judge(jobs)
        #expect(judged.admitted.map(\.url) == ["http://a.test/docs/1", "http://b.test/x"])
        #expect(judged.refused == [
            DroppedLink(url: "http://a.test/blog/1", reason: .notIncluded),
            DroppedLink(url: "http://b.test/private/x", reason: .excluded),
            DroppedLink(url: "http://b.test/a/a/a/a", reason: .segmentRepeats),
        ])
    }

    @Test("--time-limit durations", arguments: [
        ("90s", 90.0), ("30m", 1800), ("2h", 7200), ("1h30m", 5400), ("45", 45), ("0.5s", 0.5), ("1d", 86400),
    ])
    func durations(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test("not durations", arguments: ["", "0", "-5", "m", "10x", "5m3", "h1", "inf"])
    func notDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }
}
