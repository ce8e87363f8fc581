/// The elements whose start tags trawl reads, recognised by name in libxml2's `startElement` callback.
/// libxml2's HTML parser lower-cases element and attribute names, so matching is exact.
enum HTMLElement: Equatable {
    case anchor, area, base, frame, iframe, link, meta, title, other
}

/// The attributes trawl reads.
enum HTMLAttribute {
    case href, src, rel, name, charset, httpEquiv, content
}

/// The Swift side of one libxml2 SAX pass: turns element events into `PageCollector` calls and, while the
/// encoding is tentative, applies HTML §13.2.3.4 "change the encoding" to each `<meta>` that declares one:
/// the pass stops and the body is decoded again. No C types: `HTMLSAXParser` hands it borrowed bytes valid
/// during one call only.
///
/// A class because libxml2 reaches it through the context's `_private` pointer.
final class SAXSession {
    private(set) var collector: PageCollector
    /// The encoding the body was decoded with, while a `<meta>` may still change it; nil once certain.
    private var tentativeEncoding: TextEncoding?
    private let robotsToken: String
    /// Set when a `<meta>` declared another encoding while the current one was tentative: the pass was
    /// stopped and the body must be decoded from this encoding and parsed again.
    private(set) var reencoding: TextEncoding?

    enum Verdict: Equatable {
        case proceed, stop
    }

    /// - Parameter tentativeEncoding: the encoding the body is read in when nothing certain (a byte-order
    ///   mark, the HTTP charset) decided it; nil when it is certain.
    init(maxLinks: Int, tentativeEncoding: TextEncoding?, robotsToken: String) {
        self.collector = PageCollector(maxLinks: maxLinks)
        self.tentativeEncoding = tentativeEncoding
        self.robotsToken = robotsToken
    }

    /// A start tag. `attribute` gives an attribute's value (empty when written without one), nil when absent.
    /// `cutByEndOfInput`: the body ended inside the tag, before its `>`. HTML's tokenizer drops such a tag
    /// ("eof-in-tag"), where libxml2 reports it: a `<meta charset=x` at the very end declares nothing.
    func elementStarted(
        _ element: HTMLElement, cutByEndOfInput: Bool = false,
        attribute: (HTMLAttribute) -> UnsafeBufferPointer<UInt8>?
    ) -> Verdict {
        collector.elementStarted(isTitle: element == .title)
        if cutByEndOfInput { return .proceed }
        switch element {
        case .anchor, .area:
            if let href = attribute(.href) {
                let nofollow = attribute(.rel).map { Self.hasToken($0, "nofollow") } ?? false
                collector.link(href: href, kind: element == .anchor ? .anchor : .area, relNofollow: nofollow)
            }
        case .frame, .iframe:
            if let source = attribute(.src) { collector.link(href: source, kind: element == .frame ? .frame : .iframe) }
        case .link:
            if let rel = attribute(.rel), Self.hasToken(rel, "canonical"), let href = attribute(.href) {
                collector.link(href: href, kind: .canonical)
            }
        case .base:
            if let href = attribute(.href) { collector.base(href: href) }
        case .meta:
            return metaStarted(attribute: attribute)
        case .title, .other:
            break
        }
        return .proceed
    }

    /// Inside the first `<title>`: text and end tags matter only then.
    var isInTitle: Bool { collector.isInTitle }

    func elementEnded() {
        collector.elementEnded()
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        collector.text(bytes)
    }

    private func metaStarted(attribute: (HTMLAttribute) -> UnsafeBufferPointer<UInt8>?) -> Verdict {
        func string(_ name: HTMLAttribute) -> String? {
            attribute(name).map { String(decoding: $0, as: UTF8.self) }
        }
        // Compared whole, ASCII case-insensitively: "Content-Type " with a space is no pragma (html5lib).
        let httpEquiv = string(.httpEquiv)?.lowercased()
        if httpEquiv == "refresh", let content = attribute(.content), let url = MetaRefresh.url(inContent: content) {
            collector.link(href: url, kind: .refresh)
        }
        if let name = string(.name), let content = string(.content) {
            collector.meta(name: name, content: content, robotsToken: robotsToken)
        }
        return changeEncoding(charset: string(.charset), httpEquiv: httpEquiv, content: string(.content))
    }

    /// HTML §13.2.3.4 for a `<meta>` the parser inserts: a `charset` that names an encoding, else a
    /// `Content-Type` pragma's, changes a tentative encoding. The same one makes it certain; a UTF-16 one
    /// means UTF-8 and x-user-defined means windows-1252; another one means decoding the body again.
    private func changeEncoding(charset: String?, httpEquiv: String?, content: String?) -> Verdict {
        guard let current = tentativeEncoding else { return .proceed }
        var declared = charset.flatMap { CharsetLabel.encoding(for: $0) }
        if declared == nil, httpEquiv == "content-type", let content {
            declared = MetaCharset.label(inContent: content).flatMap { CharsetLabel.encoding(for: $0) }
        }
        guard let encoding = declared?.asDeclaredInMeta else { return .proceed }
        if encoding == current {
            tentativeEncoding = nil
            return .proceed
        }
        guard Transcoder.canDecode(encoding) else { return .proceed }
        tentativeEncoding = nil
        reencoding = encoding
        return .stop
    }

    /// Whether a space-separated token list (`rel`) holds `token`, ASCII case-insensitively.
    static func hasToken(_ list: UnsafeBufferPointer<UInt8>, _ token: StaticString) -> Bool {
        let wanted = UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        var start = list.startIndex
        while start < list.endIndex {
            while start < list.endIndex, ASCIIWhitespace.contains(list[start]) { start += 1 }
            var end = start
            while end < list.endIndex, !ASCIIWhitespace.contains(list[end]) { end += 1 }
            if end - start == wanted.count,
               (0..<wanted.count).allSatisfy({ Self.lowered(list[start + $0]) == wanted[$0] }) {
                return true
            }
            start = end
        }
        return false
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
