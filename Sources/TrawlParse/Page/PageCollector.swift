/// Builds a `ParsedPage` from the parser's events, in document order. Pure Swift, so the rules (first
/// title, first base, first description, distinct-link cap) are testable without libxml2; `SAXSession`
/// feeds it from the callbacks.
///
/// libxml2's HTML parser reports balanced events: an element it closes implicitly (an unclosed `<a>`, a
/// `<p>` ended by a `<div>`) still gets its `endElement`, so counting depth finds the end of the title.
struct PageCollector {
    private let maxLinks: Int
    private var title = TitleState.notSeen
    private var titleBytes: [UInt8] = []
    private var baseHref: String?
    private var sawBase = false
    private var links = ParsedPage()
    /// Hashes of the links kept, to drop repeats (see `link(href:kind:relNofollow:)`).
    private var seenLinks = Set<Int>()
    private var description: String?
    private var sawDescription = false

    private enum TitleState {
        case notSeen
        /// Inside the first `<title>`, `depth` elements below it (libxml2 2.9 parses tags in a title as
        /// elements; their text is part of the title, as `xmlNodeGetContent` would give it).
        case inside(depth: Int)
        case done
    }

    init(maxLinks: Int) {
        self.maxLinks = max(0, maxLinks)
    }

    /// Inside the first `<title>`, where text and element ends are followed.
    var isInTitle: Bool {
        if case .inside = title { true } else { false }
    }

    /// An element opened; `isTitle` when it is a `<title>`.
    mutating func elementStarted(isTitle: Bool) {
        switch title {
        case .inside(let depth):
            title = .inside(depth: depth + 1)
        case .notSeen where isTitle:
            title = .inside(depth: 0)
        default:
            break
        }
    }

    /// An element closed, explicitly or implicitly.
    mutating func elementEnded() {
        if case .inside(let depth) = title {
            title = depth == 0 ? .done : .inside(depth: depth - 1)
        }
    }

    /// Character data, already entity-decoded UTF-8. Only the first title's text is kept.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if case .inside = title {
            titleBytes.append(contentsOf: bytes)
        }
    }

    /// A link: the `href` of an `<a>`, `<area>` or `<link rel=canonical>`, the `src` of a frame, the URL of
    /// a meta refresh. An empty or blank one is kept: it is a link to the page itself (or to `<base href>`).
    ///
    /// The cap counts distinct links, not raw hrefs: an index page repeats one target many times (27,998
    /// hrefs to 2,851 targets on a javadoc `class-use` page), with fragments and in several places. A repeat
    /// (same text up to any `#`, same kind, same nofollow) is dropped, and only a new link past `maxLinks`
    /// sets `linksTruncated`. Repeats are recognised by a 64-bit hash of those; two different links sharing
    /// one (about 1 in 10^10 for a page of 100,000 links) would lose the second.
    mutating func link(href: UnsafeBufferPointer<UInt8>, kind: LinkKind, relNofollow: Bool = false) {
        let trimmed = ASCIIWhitespace.trimming(href)
        let key = UnsafeBufferPointer(rebasing: trimmed[..<(trimmed.firstIndex(of: 0x23) ?? trimmed.endIndex)])
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        hasher.combine(kind.rawValue | (relNofollow ? 0x80 : 0))
        let hash = hasher.finalize()
        guard !seenLinks.contains(hash) else { return }
        guard links.hrefCount < maxLinks else {
            links.linksTruncated = true
            return
        }
        seenLinks.insert(hash)
        // libxml2 hands out UTF-8; should a byte sequence ever be invalid, it is repaired as a String would be.
        if UTF8Validation.isValid(UnsafeRawBufferPointer(trimmed)) {
            links.appendHref(trimmed, kind: kind, relNofollow: relNofollow)
        } else {
            links.appendHref(String(decoding: trimmed, as: UTF8.self).utf8, kind: kind, relNofollow: relNofollow)
        }
    }

    /// A `<meta name=… content=…>`: the first description, and robots directives addressed to trawl.
    mutating func meta(name: String, content: String, robotsToken: String) {
        if RobotsDirectives.addresses(metaName: name, token: robotsToken) {
            links.robots.add(content: content)
        } else if !sawDescription, ASCIIWhitespace.trimming(name).lowercased() == "description" {
            sawDescription = true
            description = Self.collapsed(Array(content.utf8))
        }
    }

    /// The `href` of a `<base>`. Only the first `<base>` with an `href` counts (HTML §4.2.3); a blank one
    /// means no base.
    mutating func base(href: UnsafeBufferPointer<UInt8>) {
        guard !sawBase else { return }
        sawBase = true
        let trimmed = ASCIIWhitespace.trimming(href)
        baseHref = trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }

    /// The page so far.
    var page: ParsedPage {
        var page = links
        page.title = Self.collapsed(titleBytes)
        page.baseHref = baseHref
        page.description = description
        return page
    }

    /// Runs of ASCII whitespace as one space, trimmed (as `document.title` does); nil when nothing is left.
    /// Working on UTF-8 bytes is safe: no byte of a multi-byte character is ASCII.
    static func collapsed(_ bytes: [UInt8]) -> String? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if ASCIIWhitespace.contains(byte) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return result.isEmpty ? nil : String(decoding: result, as: UTF8.self)
    }
}
