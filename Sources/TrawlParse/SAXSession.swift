/// The elements whose start tags trawl reads, recognised by name in libxml2's `startElement` callback.
/// libxml2's HTML parser lower-cases element and attribute names, so matching is exact.
enum HTMLElement: Equatable {
    case anchor, area, base, meta, title, other
}

/// The attributes trawl reads.
enum HTMLAttribute {
    case href, charset, httpEquiv, content
}

/// The Swift side of one libxml2 SAX pass: turns element events into `PageCollector` calls and decides,
/// when the body's encoding is still unknown, whether a `<meta>` charset means the pass must stop and the
/// body be decoded again. No C types: `HTMLSAXParser` hands it borrowed bytes valid during one call only.
///
/// A class because libxml2 reaches it through the context's `_private` pointer.
final class SAXSession {
    private(set) var collector: PageCollector
    private let sniffsMetaCharset: Bool
    private var metaCharsetSettled = false
    /// Set when a `<meta>` declared an encoding other than UTF-8: the pass was stopped and the body must
    /// be decoded from this encoding and parsed again.
    private(set) var reencoding: TextEncoding?

    enum Verdict: Equatable {
        case proceed, stop
    }

    /// - Parameter sniffsMetaCharset: true when neither a byte-order mark nor the HTTP charset decided the
    ///   encoding, so the first usable `<meta>` declaration decides it.
    init(maxLinks: Int, sniffsMetaCharset: Bool) {
        self.collector = PageCollector(maxLinks: maxLinks)
        self.sniffsMetaCharset = sniffsMetaCharset
    }

    /// A start tag. `attribute` gives an attribute's value (empty when written without one), nil when absent.
    func elementStarted(
        _ element: HTMLElement, attribute: (HTMLAttribute) -> UnsafeBufferPointer<UInt8>?
    ) -> Verdict {
        collector.elementStarted(isTitle: element == .title)
        switch element {
        case .anchor, .area:
            if let href = attribute(.href) { collector.link(href: href) }
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

    /// Like the WHATWG prescan (HTML §13.2.3.2), a label that names no usable encoding is passed over and
    /// the next `<meta>` gets its chance; a UTF-16 label means UTF-8, since the page was readable as ASCII.
    /// UTF-8 needs no second pass: this one already reads the raw bytes as UTF-8.
    private func metaStarted(attribute: (HTMLAttribute) -> UnsafeBufferPointer<UInt8>?) -> Verdict {
        guard sniffsMetaCharset, !metaCharsetSettled else { return .proceed }
        func string(_ name: HTMLAttribute) -> String? {
            attribute(name).map { String(decoding: $0, as: UTF8.self) }
        }
        guard
            let label = MetaCharset.label(
                charset: string(.charset), httpEquiv: string(.httpEquiv), content: string(.content)),
            var encoding = CharsetLabel.encoding(for: label)
        else { return .proceed }
        if encoding.isUTF16 { encoding = .utf8 }
        guard Transcoder.canDecode(encoding) else { return .proceed }
        metaCharsetSettled = true
        guard encoding != .utf8 else { return .proceed }
        reencoding = encoding
        return .stop
    }
}
