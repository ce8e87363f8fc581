/// One allow/disallow path pattern, compiled once at parse time so that matching a URL is a few byte
/// comparisons (RFC 9309 §2.2.2–§2.2.3).
///
/// The pattern is kept as the literal segments between its `*` wildcards, each in canonical
/// percent-encoding (`PercentNormalization`), plus whether a final `$` anchors it to the end of the
/// path. With only `*` as a wildcard, placing every segment at its leftmost possible position is
/// optimal, so matching never backtracks: at most O(path × pattern) byte comparisons, and usually one
/// linear scan. A pattern like `/a*a*a*a*b` against a long run of `a` stays cheap.
struct RobotsPattern: Sendable, Equatable {
    /// Literal parts between wildcards; at least one. The first must match at the start of the path, the
    /// last at the end when `anchoredAtEnd`; an empty first or last segment means a leading or trailing
    /// `*`. Empty middle segments (from `**`) are dropped: they match anywhere.
    let segments: [[UInt8]]
    /// A `$` ended the pattern (RFC 9309 §2.2.3): the path must end where the pattern does.
    let anchoredAtEnd: Bool
    /// The octets of the pattern after normalization, wildcards and `$` included. RFC 9309 §2.2.2 picks
    /// the match with the most octets; normalizing first means `/%7Ea` and `/~a` weigh the same.
    let length: Int

    /// Compiles a rule value as written after `allow:`/`disallow:` (comment and whitespace removed).
    /// Nil for an empty value: `Disallow:` with nothing after it excludes nothing (RFC 9309 §2.2.2), and an
    /// empty `Allow:` would be a no-op too.
    ///
    /// A pattern not starting with `/` or `*` is kept as written, as Google's reference parser does; since
    /// every path starts with `/`, such a pattern only matches if it begins with a wildcard.
    init?(_ value: ArraySlice<UInt8>) {
        guard !value.isEmpty else { return nil }
        var body = value
        let anchored = body.last == UInt8(ascii: "$")
        if anchored { body = body.dropLast() }

        var segments: [[UInt8]] = []
        var length = anchored ? 1 : 0
        var segmentStart = body.startIndex
        var index = body.startIndex
        while true {
            if index == body.endIndex || body[index] == UInt8(ascii: "*") {
                let segment = PercentNormalization.canonical(body[segmentStart..<index])
                length += segment.count
                // Keep the first segment always (it anchors at the start); a later empty one is `**`
                // or a trailing `*`, re-added below only where it matters.
                if segments.isEmpty || !segment.isEmpty { segments.append(segment) }
                if index == body.endIndex { break }
                length += 1  // the `*`
                segmentStart = index + 1
            }
            index += 1
        }
        // A trailing `*` leaves the last segment unconstrained at the end: an empty final segment says so.
        if body.last == UInt8(ascii: "*") { segments.append([]) }
        self.segments = segments
        self.anchoredAtEnd = anchored
        self.length = length
    }

    /// An arbitrary but total order on patterns, for a canonical rule order (`RobotsRules`).
    static func < (left: RobotsPattern, right: RobotsPattern) -> Bool {
        if left.anchoredAtEnd != right.anchoredAtEnd { return right.anchoredAtEnd }
        if left.segments.count != right.segments.count { return left.segments.count < right.segments.count }
        for (leftSegment, rightSegment) in zip(left.segments, right.segments) where leftSegment != rightSegment {
            return leftSegment.lexicographicallyPrecedes(rightSegment)
        }
        return false
    }

    /// Whether the pattern matches `path`, which must already be in canonical percent-encoding.
    func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = segments[0]
        guard Self.hasPrefix(path, first) else { return false }
        if segments.count == 1 {
            return !anchoredAtEnd || path.count == first.count
        }
        var position = first.count
        for segment in segments[1..<(segments.count - 1)] {
            guard let found = Self.find(segment, in: path, from: position) else { return false }
            position = found + segment.count
        }
        let last = segments[segments.count - 1]
        if anchoredAtEnd {
            // The last segment must end the path and must not overlap what earlier segments consumed.
            return path.count - position >= last.count && Self.hasSuffix(path, last)
        }
        return Self.find(last, in: path, from: position) != nil
    }

    @inline(__always)
    private static func hasPrefix(_ path: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
        guard path.count >= literal.count else { return false }
        var index = 0
        while index < literal.count {
            if path[index] != literal[index] { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func hasSuffix(_ path: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
        let offset = path.count - literal.count
        guard offset >= 0 else { return false }
        var index = 0
        while index < literal.count {
            if path[offset + index] != literal[index] { return false }
            index += 1
        }
        return true
    }

    /// The leftmost occurrence of `literal` in `path` at or after `start`. Plain scan, O(path × literal)
    /// at worst; robots.txt literals are short, so a smarter search would not pay for itself.
    private static func find(_ literal: [UInt8], in path: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = literal.count
        if count == 0 { return start <= path.count ? start : nil }
        let lastStart = path.count - count
        guard start <= lastStart else { return nil }
        let head = literal[0]
        var candidate = start
        while candidate <= lastStart {
            if path[candidate] == head {
                var index = 1
                while index < count, path[candidate + index] == literal[index] { index += 1 }
                if index == count { return candidate }
            }
            candidate += 1
        }
        return nil
    }
}
