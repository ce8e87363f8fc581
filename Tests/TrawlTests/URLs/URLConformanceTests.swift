import Foundation
import Testing
import TrawlURLs

/// The web-platform-tests URL suite (`URLTestData`), held against the function crawls use for links
/// (`LinkResolver.resolve`, or `NormalizedURL(parsing:)` when the case has no http(s) base, as for a seed).
///
/// A case agrees when trawl gives the case's `href` after trawl's documented normalizations
/// (`URLConformance.expectedLink`), or no link where the case is a failure or its result is not http(s).
/// Cases where trawl deliberately differs are listed, each with its reason, in `URLConformance.deliberate`.
@Suite struct URLConformanceTests {
    @Test func suiteIsPresent() {
        #expect(URLTestData.locate() != nil, """
            \(URLTestData.fileName) not found: set TRAWL_CONFORMANCE_DIR to the folder holding it, or keep the \
            shared/conformance/ folder beside the checkout (see shared/conformance/README.md)
            """)
        #expect(URLTestData.crawlerCases.count == 447, "the suite's cases that matter to a crawler")
    }

    @Test(arguments: URLTestData.crawlerCases)
    func agreesWithTheURLStandard(_ testCase: URLTestData.Case) {
        let actual = URLConformance.trawlLink(testCase)
        if let deliberate = URLConformance.deliberate(testCase) {
            #expect(actual == deliberate.trawl, "documented difference changed: \(deliberate.reason)")
            return
        }
        #expect(actual == URLConformance.expectedLink(testCase), "group: \(URLConformance.group(of: testCase).rawValue)")
    }

    /// The figures by group, for the closing note, and the issue's bar: at least 98% agree.
    @Test func agreementByGroup() {
        var totals: [URLConformance.Group: (agree: Int, all: Int)] = [:]
        for testCase in URLTestData.crawlerCases {
            let group = URLConformance.group(of: testCase)
            let agrees = URLConformance.trawlLink(testCase) == URLConformance.expectedLink(testCase)
            totals[group, default: (0, 0)].all += 1
            if agrees { totals[group, default: (0, 0)].agree += 1 }
        }
        let agree = totals.values.map(\.agree).reduce(0, +)
        let all = totals.values.map(\.all).reduce(0, +)
        var table = "URL suite: \(agree) of \(all) agree\n"
        for group in URLConformance.Group.allCases {
            guard let total = totals[group] else { continue }
            table += "  \(group.rawValue): \(total.agree) of \(total.all)\n"
        }
        print(table, terminator: "")
        #expect(all > 0)
        #expect(Double(agree) >= 0.98 * Double(all), "\(table)")
    }
}

/// How a case is judged: trawl's answer, the expected answer after trawl's normalizations, and the group
/// a case belongs to in the figures.
enum URLConformance {
    /// What trawl stores for the case's input: the link resolved against the case's base when that is an
    /// http(s) URL, else the input parsed on its own (it is an absolute http(s) URL).
    static func trawlLink(_ testCase: URLTestData.Case) -> String? {
        if let baseText = testCase.base, baseText.hasPrefix("http:") || baseText.hasPrefix("https:") {
            guard let base = try? NormalizedURL(parsing: baseText) else { return nil }
            return LinkResolver(base: base).resolve(testCase.input)?.string
        }
        return (try? NormalizedURL(parsing: testCase.input))?.string
    }

    /// The case's `href` after trawl's documented normalizations, in this order:
    /// 1. no link unless the result is an `http:` or `https:` URL (a crawler fetches nothing else);
    /// 2. the fragment is dropped (`#top` names a place in the document trawl fetches, not another document);
    /// 3. percent-encoding normalization (RFC 3986 §6.2.2.1–2): an escape of an unreserved character
    ///    (`ALPHA DIGIT - . _ ~`) is decoded, every other escape has upper-case hex digits (`%7e` → `~`,
    ///    `%c3%a9` → `%C3%A9`), so that two spellings of one resource are stored as one row.
    /// 4. the username and password are dropped (trawl never stores or prints credentials).
    static func expectedLink(_ testCase: URLTestData.Case) -> String? {
        guard let href = testCase.href, href.hasPrefix("http://") || href.hasPrefix("https://") else { return nil }
        let withoutFragment = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return normalizingEscapes(Array(withoutUserinfo(withoutFragment).utf8))
    }

    /// trawl never stores a username or password: the href's authority without its `user:pass@`.
    private static func withoutUserinfo(_ href: Substring) -> Substring {
        guard let authorityStart = href.range(of: "://")?.upperBound else { return href }
        let authority = href[authorityStart...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return href }
        return href[..<authorityStart] + href[href.index(after: at)...]
    }

    private static func normalizingEscapes(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    output.append(decoded)
                } else {
                    output += [UInt8(ascii: "%")] + Array(String(decoded, radix: 16, uppercase: true)
                        .leftPadded(to: 2).utf8)
                }
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// A case where trawl deliberately gives another answer than the normalized `href`.
    struct Deliberate {
        let trawl: String?
        let reason: String
    }

    /// The documented differences, by input and base.
    static let deliberateDifferences: [String: Deliberate] = [
        // U+2603 SNOWMAN, percent-encoded in the host.
        "https://%e2%98%83 on ": Deliberate(
            trawl: nil,
            reason: """
                libidn2 (idn2_to_ascii_8z) validates each label against IDNA2008 (RFC 5892) after the UTS #46 \
                mapping, and IDNA2008 disallows symbols and emoji that UTS #46 keeps as valid (NV8): such a host \
                gives no link instead of xn--n3h
                """),
    ]

    static func deliberate(_ testCase: URLTestData.Case) -> Deliberate? {
        deliberateDifferences[testCase.input + " on " + (testCase.base ?? "")]
    }

    /// The groups of the figures; a case is in the first that fits.
    enum Group: String, CaseIterable {
        case backslash = "`\\` as a path separator"
        case schemeWithoutSlashes = "scheme without `//` (http:foo, http:/x)"
        case ipv6 = "IPv6 hosts"
        case ipv4 = "IPv4 number forms"
        case hostName = "host names (UTS #46, forbidden code points)"
        case serialization = "serialization and percent-encoding"
    }

    static func group(of testCase: URLTestData.Case) -> Group {
        let input = testCase.input
        if input.contains("\\") { return .backslash }
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for scheme in ["http:", "https:"] where trimmed.hasPrefix(scheme) && !trimmed.hasPrefix(scheme + "//") {
            return .schemeWithoutSlashes
        }
        let host = authority(of: trimmed) ?? ""
        let expectedHost = testCase.href.flatMap { authority(of: $0) } ?? ""
        if host.contains("[") || expectedHost.contains("[") { return .ipv6 }
        let numeric = host.split(separator: ".").last.map { $0.first?.isNumber ?? false } ?? false
        if numeric || (!expectedHost.isEmpty && expectedHost.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }) {
            return .ipv4
        }
        if host.unicodeScalars.contains(where: { $0.value > 0x7E }) || host.contains("%") || host.contains("xn--")
            || testCase.href == nil {
            return .hostName
        }
        return .serialization
    }

    /// The host (and port) part of an absolute URL text, nil for a relative one.
    private static func authority(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let rest = text[range.upperBound...]
        let end = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<end]
        return String(authority.split(separator: "@").last ?? authority[...])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
