import Synchronization
import TrawlStore
import TrawlURLs

/// `ScopeRules` compiled for a run: judges the candidate jobs of each page (already inside `--follow`, or
/// external checks) and counts what it refuses, by reason, for the summary.
final class LinkScope: Sendable {
    private let include: [POSIXRegex]
    private let exclude: [POSIXRegex]
    private let rules: ScopeRules
    private let refusals = Mutex<[LinkRefusal: Int]>([:])

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

    /// The candidates that may become jobs. `--include` applies to followed links only, so that
    /// `--check-external` still checks links to other sites; `--exclude` and the trap guards to all.
    func admit(_ candidates: [NewJob]) -> [NewJob] {
        guard !candidates.isEmpty else { return candidates }
        var refused: [LinkRefusal: Int] = [:]
        let admitted = candidates.filter { job in
            guard let reason = refusal(job) else { return true }
            refused[reason, default: 0] += 1
            return false
        }
        if !refused.isEmpty { count(refused) }
        return admitted
    }

    /// Adds refusals counted elsewhere (`--max-pages-per-host` is judged by the store).
    func count(_ refused: [LinkRefusal: Int]) {
        refusals.withLock { totals in
            for (reason, count) in refused { totals[reason, default: 0] += count }
        }
    }

    /// Links refused so far in this run, by reason.
    var refusedSoFar: [LinkRefusal: Int] { refusals.withLock { $0 } }

    private func refusal(_ job: NewJob) -> LinkRefusal? {
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
