import TrawlURLs
/// Why a link found on a page did not become a job. An open set: each reason has a stable `key`, stored in
/// the `links_not_queued` table, and the `words` a summary prints. A new filter (an include/exclude
/// pattern, a trap guard, a length limit) adds its reason as one more static constant below.
public struct LinkDropReason: Hashable, Sendable, CustomStringConvertible {
    /// Stored in `links_not_queued.reason`: never change one once released.
    public let key: String
    /// How summaries say it: "78 links beyond --max-depth".
    public let words: String

    public init(key: String, words: String) {
        self.key = key
        self.words = words
    }

    /// In the `--follow` scope, but one level deeper than `--max-depth` allows.
    public static let maxDepth = LinkDropReason(key: "max_depth", words: "beyond --max-depth")
    /// Outside the `--follow` scope (another host or domain; any link with `--follow none`).
    public static let followScope = LinkDropReason(key: "follow_scope", words: "outside the --follow scope")

    /// Longer than the maximum URL length: almost always a crawler trap (a path or query growing on every page).
    public static let urlTooLong = LinkDropReason(
        key: "url_too_long", words: "longer than the maximum URL length (\(NormalizedURL.maxLength) characters)")

    /// Matched an `--exclude` pattern (any link, `--check-external` ones included).
    public static let excluded = LinkDropReason(key: "exclude", words: "matching an --exclude pattern")
    /// Followed, but matched none of the `--include` patterns.
    public static let notIncluded = LinkDropReason(key: "include", words: "matching no --include pattern")
    /// More path segments than `--max-path-segments` (a crawler-trap guard).
    public static let pathSegments = LinkDropReason(key: "path_segments", words: "over --max-path-segments")
    /// One path segment repeated more than `--max-segment-repeats` times (`/a/b/a/b/a/b`: a crawler trap).
    public static let segmentRepeats = LinkDropReason(key: "segment_repeats", words: "over --max-segment-repeats")
    /// Its host had `--max-pages-per-host` jobs already (judged by the store, across runs).
    public static let hostBudget = LinkDropReason(key: "host_budget", words: "over --max-pages-per-host")

    /// `rel="nofollow"`, or the page's robots directives say nofollow (`--ignore-nofollow` follows them).
    public static let nofollow = LinkDropReason(key: "nofollow", words: "marked nofollow")

    /// Every reason this trawl knows, in the order summaries list them.
    public static let all: [LinkDropReason] = [
        .maxDepth, .followScope, .nofollow, .urlTooLong, .excluded, .notIncluded, .pathSegments, .segmentRepeats, .hostBudget,
    ]

    /// The reason stored under `key`; one this trawl does not know keeps the key as its words.
    public static func stored(_ key: String) -> LinkDropReason {
        all.first { $0.key == key } ?? LinkDropReason(key: key, words: key)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public var description: String { key }
}

/// A link of a page that did not become a job, and why. Counted, not stored one by one: the page's
/// `links` rows already hold every link.
public struct DroppedLink: Sendable, Hashable {
    public var url: String
    public var reason: LinkDropReason

    public init(url: String, reason: LinkDropReason) {
        self.url = url
        self.reason = reason
    }
}

/// Links not queued, counted by reason: distinct target URLs that were not jobs when they were met.
public struct LinkDropCounts: Sendable, Equatable {
    public private(set) var counts: [LinkDropReason: Int] = [:]

    public init(_ counts: [LinkDropReason: Int] = [:]) {
        self.counts = counts.filter { $0.value != 0 }
    }

    public subscript(reason: LinkDropReason) -> Int {
        get { counts[reason] ?? 0 }
        set { counts[reason] = newValue == 0 ? nil : newValue }
    }

    public mutating func add(_ other: LinkDropCounts) {
        for (reason, count) in other.counts { self[reason] += count }
    }

    public var total: Int { counts.values.reduce(0, +) }
    public var isEmpty: Bool { counts.isEmpty }

    /// The counts in summary order: known reasons first, others by key.
    public var ordered: [(reason: LinkDropReason, count: Int)] {
        counts.map { (reason: $0.key, count: $0.value) }.sorted { lhs, rhs in
            let left = LinkDropReason.all.firstIndex(of: lhs.reason) ?? Int.max
            let right = LinkDropReason.all.firstIndex(of: rhs.reason) ?? Int.max
            return left != right ? left < right : lhs.reason.key < rhs.reason.key
        }
    }
}
