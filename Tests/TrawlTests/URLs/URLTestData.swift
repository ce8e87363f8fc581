import Foundation
import Testing

/// The web-platform-tests URL suite (`url/resources/urltestdata.json`), read from the team's shared
/// conformance folder beside the checkout (`../shared/conformance/`), never copied into the repository.
///
/// It is looked for as every conformance file is (`ConformanceData`): `$TRAWL_CONFORMANCE_DIR`, else
/// `shared/conformance` in this file's directory or any directory above it, so that a checkout at `/work/main`,
/// a worktree at `/work/wt-x` and a CI clone with `shared/` beside it all find it.
///
/// A missing file is a test FAILURE (`URLConformanceTests.suiteIsPresent`), not a silent skip: the suite is
/// the specification these tests hold trawl to, and CI has it beside the clone.
struct URLTestData {
    /// One case of the file: `input` resolved against `base` gives `href`, or fails.
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let base: String?
        /// nil when the case is a failure.
        let href: String?

        var testDescription: String {
            "\(Self.visible(input)) on \(base.map(Self.visible) ?? "no base")"
        }

        /// The text with controls and non-ASCII written as `\u{…}`, so a failing case can be read.
        static func visible(_ text: String) -> String {
            text.unicodeScalars.map { $0.value < 0x21 || $0.value > 0x7E ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
                .joined()
        }

        /// The cases that matter to a crawler: the base is an http(s) URL (a link found on a web page), or the
        /// input is an absolute `http(s)://` URL (after the trimming and tab/newline removal every parse does).
        var isRelevantToACrawler: Bool {
            if let base, base.hasPrefix("http:") || base.hasPrefix("https:") { return true }
            let trimmed = input.unicodeScalars.drop(while: { $0.value <= 0x20 })
                .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
            let lowered = String(String.UnicodeScalarView(trimmed)).lowercased()
            return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
        }
    }

    static let fileName = "urltestdata.json"

    /// The file's URL (found by `ConformanceData`), or nil when it is nowhere to be found.
    static func locate() -> URL? {
        (try? ConformanceData.directory(holding: fileName))?.appendingPathComponent(fileName)
    }

    /// Every case of the file (comments, which are strings in the array, left out); empty when it is missing.
    static let allCases: [Case] = {
        guard let file = locate(), let data = try? Data(contentsOf: file),
            let array = try? JSONSerialization.jsonObject(with: data) as? [Any]
        else { return [] }
        return array.compactMap { element in
            guard let object = element as? [String: Any], let input = object["input"] as? String else { return nil }
            let failure = object["failure"] as? Bool ?? false
            return Case(input: input, base: object["base"] as? String, href: failure ? nil : object["href"] as? String)
        }
    }()

    /// The 447 cases that matter to a crawler.
    static let crawlerCases: [Case] = allCases.filter(\.isRelevantToACrawler)
}
