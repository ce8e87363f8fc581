/// Builds a `ParsedPage` from the parser's events, in document order. Pure Swift, so the rules (first
/// title, first base, link cap) are testable without libxml2; `SAXSession` feeds it from the callbacks.
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

    /// The `href` of an `<a>` or `<area>`. Blank ones are skipped; past `maxLinks` only the flag is set.
    mutating func link(href: UnsafeBufferPointer<UInt8>) {
        let trimmed = ASCIIWhitespace.trimming(href)
        guard !trimmed.isEmpty else { return }
        guard links.hrefCount < maxLinks else {
            links.linksTruncated = true
            return
        }
        // libxml2 hands out UTF-8; should a byte sequence ever be invalid, it is repaired as a String would be.
        if UTF8Validation.isValid(UnsafeRawBufferPointer(trimmed)) {
            links.appendHref(trimmed)
        } else {
            links.appendHref(String(decoding: trimmed, as: UTF8.self).utf8)
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
