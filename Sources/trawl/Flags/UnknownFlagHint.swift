/// "Did you mean …?" for an unknown flag. swift-argument-parser suggests a flag only within an edit
/// distance of 3, so `--delay` (for `--retry-delay`) or `--concurrency` get nothing; this adds the flags
/// that contain the typed name or are contained in it, the nearest by a looser distance, and the trawl
/// flag for what users of wget, Scrapy, curl or colly know by another name.
enum UnknownFlagHint {
    /// Other crawlers' names for a trawl flag, with a word on how it differs.
    static let synonyms: [String: (flag: String, note: String?)] = [
        "--delay": ("--rate-per-host", "requests per second per host, 1 / delay"),
        "--wait": ("--rate-per-host", "requests per second per host, 1 / wait"),
        "--download-delay": ("--rate-per-host", "requests per second per host, 1 / delay"),
        "--concurrency": ("--workers", nil),
        "--threads": ("--workers", nil),
        "--parallel": ("--workers", nil),
        "--jobs": ("--workers", nil),
        "--level": ("--max-depth", nil),
        "--depth-limit": ("--max-depth", nil),
        "--tries": ("--retries", nil),
        "--max-filesize": ("--max-bytes", nil),
        "--max-size": ("--max-bytes", nil),
        "--reject-regex": ("--exclude", "a POSIX extended regular expression"),
        "--accept-regex": ("--include", "a POSIX extended regular expression"),
        "--time-limit-seconds": ("--time-limit", "a duration: 90s, 30m, 2h"),
        "--domains": ("--follow", "which links become jobs: none, host, domain or all"),
        "--span-hosts": ("--follow", "--follow all"),
        "--no-robots": ("--ignore-robots", nil),
        // HTTPS (curl's and wget's names).
        "--cacert": ("--ca-cert", "a PEM file, added to the system's CAs"),
        "--ca-certificate": ("--ca-cert", "a PEM file, added to the system's CAs"),
        "--no-check-certificate": ("--insecure", nil),
        "--no-http2": ("--http1.1", nil),
    ]

    struct Suggestion: Equatable {
        var flag: String
        var note: String?
    }

    /// The flags to suggest for `typed` among `flags` (long names with their dashes), best first.
    static func suggestions(for typed: String, among flags: [String]) -> [Suggestion] {
        var found: [Suggestion] = []
        if let synonym = synonyms[typed], flags.contains(synonym.flag) {
            found.append(Suggestion(flag: synonym.flag, note: synonym.note))
        }
        let stem = typed.drop { $0 == "-" }
        let containing = flags.filter { flag in
            let name = flag.drop { $0 == "-" }
            return stem.count >= 3 && (name.contains(stem) || (name.count >= 3 && stem.contains(name)))
        }
        let near = flags.map { (flag: $0, distance: editDistance(Array(typed), Array($0))) }
            .filter { $0.distance <= max(2, typed.count / 3) }
            .sorted { $0.distance < $1.distance }
            .map(\.flag)
        for flag in containing + near where !found.contains(where: { $0.flag == flag }) {
            found.append(Suggestion(flag: flag))
        }
        return Array(found.prefix(2))
    }

    /// "Did you mean '--a' or '--b' (a note)?", or nil when nothing is close.
    static func sentence(for typed: String, among flags: [String]) -> String? {
        let candidates = suggestions(for: typed, among: flags)
        guard !candidates.isEmpty else { return nil }
        let quoted = candidates.map { "'\($0.flag)'" + ($0.note.map { " (\($0))" } ?? "") }
        return "Did you mean \(quoted.joined(separator: " or "))?"
    }

    /// The long flags a help text names: every `--word` in it.
    static func flags(inHelp help: String) -> [String] {
        let isNameCharacter: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        var flags: [String] = []
        for token in help.split(whereSeparator: { !isNameCharacter($0) }) where token.hasPrefix("--") {
            var flag = String(token)
            while flag.hasSuffix("-") { flag.removeLast() }
            if flag.count > 2, flag.dropFirst(2).first?.isLetter == true, !flags.contains(flag) { flags.append(flag) }
        }
        return flags
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previousDiagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previousDiagonal + (a[i - 1] == b[j - 1] ? 0 : 1)
                previousDiagonal = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return row[b.count]
    }
}
