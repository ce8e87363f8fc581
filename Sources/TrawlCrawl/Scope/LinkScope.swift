import TrawlStore
import TrawlURLs

/// `ScopeRules` compiled for a run: judges the candidate jobs of each page (already inside `--follow`, or
/// external checks); what it refuses is counted with the other links not queued (`links_not_queued`).
final class LinkScope: Sendable {
    private let include: [POSIXRegex]
    private let exclude: [POSIXRegex]
    private let rules: ScopeRules

    /// Throws when a pattern is not a valid ERE (the CLI checks them before saving, so this means a
    /// database edited by hand).
    init(_ rules: ScopeRules) throws(ScopeRuleError) {
        self.rules = rules
        var include: [POSIXRegex] = [], exclude: [POSIXRegex] = []
        for pattern in rules.include { include.append(try POSIXRegex(pattern, flag: "--include")) }
        for pattern in rules.exclude { exclude.append(try POSIXRegex(pattern, flag: "--exclude")) }
        self.include = include
        self.exclude = exclude
    }

    /// Checks every pattern, for the CLI's usage errors.
    static func validate(_ rules: ScopeRules) throws(ScopeRuleError) {
        _ = try LinkScope(rules)
    }

    /// The candidates that may become jobs, and the others with why. `--include` applies to followed links
    /// only, so that `--check-external` still checks links to other sites; `--exclude` and the trap guards to all.
    func judge(_ candidates: [NewJob]) -> (admitted: [NewJob], refused: [DroppedLink]) {
        guard !candidates.isEmpty else { return ([], []) }
        var admitted: [NewJob] = []
        var refused: [DroppedLink] = []
        for job in candidates {
            if let reason = refusal(job) {
                refused.append(DroppedLink(url: job.url, reason: reason))
            } else {
                admitted.append(job)
            }
        }
        return (admitted, refused)
    }

    private func refusal(_ job: NewJob) -> LinkDropReason? {
        if exclude.contains(where: { $0.matches(job.url) }) { return .excluded }
        if !job.checkOnly, !include.isEmpty, !include.contains(where: { $0.matches(job.url) }) { return .notIncluded }
        if rules.maxPathSegments > 0 || rules.maxSegmentRepeats > 0 {
            let segments = Self.pathSegments(of: job.url)
            if rules.maxPathSegments > 0, segments.count > rules.maxPathSegments { return .pathSegments }
            if rules.maxSegmentRepeats > 0, Self.mostRepeats(segments) > rules.maxSegmentRepeats {
                return .segmentRepeats
            }
        }
        return nil
    }

    /// The non-empty segments of the URL's path (`/a/b//c/` → a, b, c).
    static func pathSegments(of url: String) -> [Substring] {
        guard let colon = url.firstIndex(of: ":") else { return [] }
        let afterAuthority = url[colon...].dropFirst(3).drop { $0 != "/" }
        let path = afterAuthority.prefix { $0 != "?" }
        return path.split(separator: "/")
    }

    /// How often the most frequent segment occurs.
    static func mostRepeats(_ segments: [Substring]) -> Int {
        guard segments.count > 1 else { return segments.count }
        var counts: [Substring: Int] = [:]
        for segment in segments { counts[segment, default: 0] += 1 }
        return counts.values.max() ?? 0
    }
}

extension ScopeRules {
    /// Checks that every `--include` and `--exclude` pattern compiles, for the CLI's usage errors.
    public static func validatePatterns(_ rules: ScopeRules) throws(ScopeRuleError) {
        try LinkScope.validate(rules)
    }
}
