internal import CLibXML2

/// One pass of libxml2's HTML parser over a body, in SAX mode: libxml2 tokenizes, recovers from malformed
/// markup and decodes entities, and calls back for start tags, end tags and text; no tree is built.
///
/// Every libxml2 pointer (the parser context, the names and attributes it passes to callbacks) stays in
/// this file. Each pass has its own context, so passes run on many threads at once.
enum HTMLSAXParser {
    /// Parses `bytes` (at most `Int32.max` of them, libxml2's size type), feeding `session`.
    ///
    /// The body is either UTF-8 already (transcoded by `Transcoder`) or raw bytes of unknown encoding,
    /// which libxml2 reads as UTF-8 and, at the first invalid sequence, as Latin-1 (`htmlCurrentChar`).
    static func parse(_ bytes: UnsafeRawBufferPointer, into session: SAXSession) {
        guard let context = HTMLParserContext(bytes: bytes) else { return }
        withExtendedLifetime(session) {
            context.run(session: Unmanaged.passUnretained(session).toOpaque())
        }
    }
}

/// `xmlInitParser` once per process, before the first context: it sets up libxml2's global tables and is
/// not safe to race. Swift runs a `static let` initializer exactly once, thread-safely. Nothing calls
/// `xmlCleanupParser`, which would pull those tables from under parses on other threads.
private enum LibXML2Runtime {
    static let initialized: Void = xmlInitParser()
}

/// Owns one `htmlParserCtxtPtr` (`htmlCreateMemoryParserCtxt`, freed by `htmlFreeParserCtxt` in
/// `deinit`, on every path). Non-copyable so exactly one value owns it.
private struct HTMLParserContext: ~Copyable {
    private let pointer: htmlParserCtxtPtr

    /// `HTML_PARSE_RECOVER` keeps going through malformed markup; `NOERROR`/`NOWARNING` keep libxml2 from
    /// printing; `NONET` forbids fetching a DTD. `IGNORE_ENC` stops `htmlCheckMeta` from switching the
    /// decoder on a `<meta>`: trawl decides the encoding itself (`SAXSession`, `Transcoder`). No
    /// `COMPACT`: it only shapes tree nodes, and no tree is built.
    private static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// A context reading a copy of `bytes` (`xmlParserInputBufferCreateMem` copies), so the caller's
    /// buffer only has to outlive this call. Nil for an empty body (libxml2 returns no context) or when
    /// libxml2 cannot allocate.
    init?(bytes: UnsafeRawBufferPointer) {
        _ = LibXML2Runtime.initialized
        guard let base = bytes.baseAddress, !bytes.isEmpty,
            let pointer = htmlCreateMemoryParserCtxt(
                base.assumingMemoryBound(to: CChar.self), Int32(clamping: bytes.count))
        else { return nil }
        // `htmlCreateMemoryParserCtxt` leaves `charset` unset, and `htmlCurrentChar` then reads every
        // non-ASCII byte as Latin-1. `htmlReadMemory` gets UTF-8 only because it builds its context with
        // `xmlCreateMemoryParserCtxt`; say so explicitly. Invalid UTF-8 still falls back to Latin-1 there.
        pointer.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
        self.pointer = pointer
    }

    deinit {
        // No `startDocument` callback means libxml2 builds no document; free one if it ever does.
        if let document = pointer.pointee.myDoc { xmlFreeDoc(document) }
        htmlFreeParserCtxt(pointer)
    }

    /// Installs trawl's callbacks in the context's own SAX handler (allocated with the context and freed
    /// with it), then runs `htmlParseDocument`. `session` reaches the callbacks through `_private`;
    /// libxml2 passes the context itself as their first argument (`userData` is the context by default).
    func run(session: UnsafeMutableRawPointer) {
        guard let sax = pointer.pointee.sax else { return }
        sax.pointee = Self.handler()
        pointer.pointee._private = session
        htmlCtxtUseOptions(pointer, Self.options)
        htmlParseDocument(pointer)
        pointer.pointee._private = nil
    }

    /// A handler with only the callbacks trawl needs; every other slot is null, which libxml2 checks
    /// before each call. Text and end tags matter only inside the title, so their callbacks are installed
    /// when the title opens and removed when it closes (`followTitle`): a page's thousands of text runs and
    /// end tags then cost no call into Swift. `ignorableWhitespace` is taken as text too, so libxml2's
    /// `areBlanks` heuristic cannot drop the space between two tagged words of a title. `cdataBlock` stays
    /// null, so `htmlParseScript` hands script and style contents to `characters`.
    private static func handler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
            let element = Self.element(named: name)
            // Most elements are none of trawl's, and outside the title (no end-tag callback installed)
            // they change nothing: skip the session.
            if element == .other && parser.pointee.sax?.pointee.endElement == nil { return }
            let session = Self.session(of: parser)
            let verdict = session.elementStarted(element, cutByEndOfInput: Self.isAtEndOfInput(parser)) { attribute in
                Self.value(of: attribute, in: attributes)
            }
            if verdict == .stop { xmlStopParser(parser) }
            Self.followTitle(parser, session)
        }
        return handler
    }

    private static let endElement: endElementSAXFunc = { context, _ in
        guard let context else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        let session = Self.session(of: parser)
        session.elementEnded()
        Self.followTitle(parser, session)
    }

    /// Installs the text and end-tag callbacks while the session is inside the title, and removes them
    /// otherwise.
    private static func followTitle(_ parser: htmlParserCtxtPtr, _ session: SAXSession) {
        guard let sax = parser.pointee.sax else { return }
        let installed = sax.pointee.endElement != nil
        guard session.isInTitle != installed else { return }
        sax.pointee.endElement = session.isInTitle ? endElement : nil
        sax.pointee.characters = session.isInTitle ? characters : nil
        sax.pointee.ignorableWhitespace = session.isInTitle ? characters : nil
    }

    private static let characters: charactersSAXFunc = { context, bytes, length in
        guard let context, let bytes, length > 0 else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        Self.session(of: parser).text(UnsafeBufferPointer(start: bytes, count: Int(length)))
    }

    /// Whether the input ends where `startElement` is called: `htmlParseStartTag` reports the tag after its
    /// attributes, before consuming its `>`, so a tag cut off by the end of the body leaves nothing after it.
    private static func isAtEndOfInput(_ parser: htmlParserCtxtPtr) -> Bool {
        guard let input = parser.pointee.input, let current = input.pointee.cur, let end = input.pointee.end else {
            return false
        }
        return current >= end
    }

    private static func session(of parser: htmlParserCtxtPtr) -> SAXSession {
        Unmanaged<SAXSession>.fromOpaque(parser.pointee._private!).takeUnretainedValue()
    }

    private static func element(named name: UnsafePointer<xmlChar>) -> HTMLElement {
        switch name[0] {
        case UInt8(ascii: "a"):
            name[1] == 0 ? .anchor : equals(name, "area") ? .area : .other
        case UInt8(ascii: "b"):
            equals(name, "base") ? .base : .other
        case UInt8(ascii: "f"):
            equals(name, "frame") ? .frame : .other
        case UInt8(ascii: "i"):
            equals(name, "iframe") ? .iframe : .other
        case UInt8(ascii: "l"):
            equals(name, "link") ? .link : .other
        case UInt8(ascii: "m"):
            equals(name, "meta") ? .meta : .other
        case UInt8(ascii: "t"):
            equals(name, "title") ? .title : .other
        default:
            .other
        }
    }

    /// The value of `attribute` in libxml2's null-terminated name/value array; an attribute written
    /// without a value (`<a href>`) has a null value and reads as empty.
    private static func value(
        of attribute: HTMLAttribute, in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> UnsafeBufferPointer<UInt8>? {
        guard let attributes else { return nil }
        let wanted: StaticString =
            switch attribute {
            case .href: "href"
            case .src: "src"
            case .rel: "rel"
            case .name: "name"
            case .charset: "charset"
            case .httpEquiv: "http-equiv"
            case .content: "content"
            }
        var index = 0
        while let name = attributes[index] {
            if equals(name, wanted) {
                guard let value = attributes[index + 1] else { return UnsafeBufferPointer(start: nil, count: 0) }
                return UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
            }
            index += 2
        }
        return nil
    }

    private static func equals(_ name: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        xmlStrEqual(name, literal.utf8Start) != 0
    }
}
