/// `--strip-query`: query parameters removed from every URL during normalization (seeds and discovered
/// links), so that tracking variants (`?utm_source=…`, `?sessionid=…`) collapse into one job.
///
/// A name matches when it equals a pattern, where `*` in a pattern stands for any run of characters
/// (`utm_*`). Names are compared as they appear in the normalized URL (case-sensitive, percent-encoding
/// already normalized). The other parameters keep their order; a query left empty is dropped with its `?`.
public struct QueryParameterFilter: Sendable, Equatable {
    public let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// Whether the parameter called `name` is removed.
    public func strips(_ name: Substring) -> Bool {
        patterns.contains { Self.glob($0.utf8[...], matches: name.utf8[...]) }
    }

    /// `url` without the matching parameters (the same value when none matches).
    public func apply(to url: NormalizedURL) -> NormalizedURL {
        guard !patterns.isEmpty, let mark = url.string.firstIndex(of: "?") else { return url }
        let query = url.string[url.string.index(after: mark)...]
        let parameters = query.split(separator: "&", omittingEmptySubsequences: false)
        let kept = parameters.filter { parameter in
            !strips(parameter.prefix { $0 != "=" })
        }
        guard kept.count != parameters.count else { return url }
        let base = url.string[..<mark]
        let string = kept.isEmpty ? String(base) : base + "?" + kept.joined(separator: "&")
        return NormalizedURL(string: string, scheme: url.scheme, hostname: url.hostname, port: url.port)
    }

    /// Glob matching with `*` only, by backtracking to the last star (linear for one star, as in `utm_*`).
    static func glob(_ pattern: Substring.UTF8View, matches name: Substring.UTF8View) -> Bool {
        let p = Array(pattern), n = Array(name)
        var pi = 0, ni = 0
        var star: Int?, starMatch = 0
        while ni < n.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                starMatch = ni
                pi += 1
            } else if pi < p.count, p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if let star {
                pi = star + 1
                starMatch += 1
                ni = starMatch
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
