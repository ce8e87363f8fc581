/// The links most pages are made of — a path from the site's root (`/a/b.html`), a path relative to the
/// page's directory (`b.html`, `sub/c.html`) or a new query (`?page=2`), with no dot segment — resolve by
/// joining bytes: the URL parser would only concatenate them (no dot segment to remove, no byte to encode
/// or escape to normalize: `isCopiedAsIs`). Everything else, and anything in doubt, goes through
/// `URLParser`; a test checks both give the same URL on thousands of generated links.
struct BaseParts {
    /// "http://host:port", the scheme and authority of the base.
    let origin: [UInt8]
    /// origin + the base's path (no query).
    let pathPrefix: [UInt8]
    /// origin + the base's path up to and including its last "/".
    let directory: [UInt8]

    init(_ base: NormalizedURL) {
        let bytes = Array(base.string.utf8)
        let authorityStart = (bytes.firstIndex(of: UInt8(ascii: ":")) ?? 0) + 3
        let pathStart = bytes[min(authorityStart, bytes.count)...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        let pathEnd = bytes[pathStart...].firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        let lastSlash = bytes[pathStart..<pathEnd].lastIndex(of: UInt8(ascii: "/")) ?? pathStart
        origin = Array(bytes[..<pathStart])
        pathPrefix = Array(bytes[..<pathEnd])
        directory = Array(bytes[...lastSlash])
    }

    /// The directory `steps` levels above the base's, never above the root ("http://host/").
    func directory(up steps: Int) -> [UInt8] {
        var end = directory.count
        for _ in 0..<steps {
            guard end - 1 > origin.count else { break }
            end = directory[origin.count..<(end - 1)].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? end
        }
        return Array(directory[..<end])
    }
}

extension LinkResolver {
    /// The rest of an absolute reference that starts with exactly the base's origin and then "/",
    /// NUL-terminated; nil otherwise (another origin, or the same one spelled differently).
    static func pathOnSameOrigin(_ reference: [UInt8], parts: BaseParts) -> [UInt8]? {
        let origin = parts.origin
        guard reference.count > origin.count + 1, reference[origin.count] == UInt8(ascii: "/"),
              reference.starts(with: origin) else { return nil }
        return Array(reference[origin.count...])
    }

    /// The resolved URL of a prepared relative reference (NUL-terminated `cString`), or nil when the
    /// reference is not one of the simple kinds and curl must resolve it.
    static func joined(_ reference: [UInt8], to parts: BaseParts, base: NormalizedURL) -> NormalizedURL? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), question = UInt8(ascii: "?")
        // Leading "./" and "../" segments (§5.2.4 on a reference that starts with them): each "../" takes
        // one segment off the base's directory, never above the root.
        var start = 0
        var parentSteps = 0
        while start + 1 < reference.count - 1, reference[start] == dot {
            if reference[start + 1] == slash {
                start += 2
            } else if reference[start + 1] == dot, start + 2 < reference.count - 1, reference[start + 2] == slash {
                start += 3
                parentSteps += 1
            } else {
                return nil
            }
        }
        if start > 0 {
            guard start < reference.count - 1, reference[start] != slash, reference[start] != question else { return nil }
            let directory = parts.directory(up: parentSteps)
            return join(Array(reference[start...]), prefix: directory, base: base)
        }
        let length = reference.count - 1  // without the NUL
        guard length > 0 else { return nil }
        let first = reference[0]
        if first == dot || reference[length - 1] == question { return nil }
        if first == slash && length > 1 && reference[1] == slash {  // //host/path: the base's scheme
            let absolute = Array(base.scheme.utf8) + [UInt8(ascii: ":")] + reference
            guard let path = pathOnSameOrigin(absolute, parts: parts) else { return nil }
            return joined(path, to: parts, base: base)
        }
        let prefix = first == slash ? parts.origin : first == question ? parts.pathPrefix : parts.directory
        return join(reference, prefix: prefix, base: base)
    }

    /// Printable ASCII that the parser copies unchanged in a path and in a query alike: not in the path
    /// or special-query percent-encode sets (`"#'<>?^`{}` aside from `?` itself), not `%` (an escape may
    /// be normalized), not `\` (a path separator in http(s)).
    @inline(__always)
    static func isCopiedAsIs(_ byte: UInt8) -> Bool {
        // Bits of 0x21...0x7E minus " # % ' < > \ ^ ` { }.
        let low: UInt64 = 0xAFFF_FF52_0000_0000, high: UInt64 = 0x57FF_FFFE_AFFF_FFFF
        return byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte < 128 && (high >> UInt64(byte - 64)) & 1 == 1
    }

    /// `prefix` + the NUL-terminated simple `reference`, or nil when the reference is not simple after all.
    private static func join(_ reference: [UInt8], prefix: [UInt8], base: NormalizedURL) -> NormalizedURL? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), question = UInt8(ascii: "?")
        let length = reference.count - 1
        guard length > 0 else { return nil }
        let first = reference[0]
        if first == dot || reference[length - 1] == question { return nil }
        if first == slash && length > 1 && reference[1] == slash { return nil }
        var index = 0
        var inFirstSegment = first != slash && first != question
        while index < length {
            let byte = reference[index]
            if byte == slash || byte == question { inFirstSegment = false }
            // RFC 3986 §4.2: a relative path's first segment holds no ":" (it would read as a scheme).
            if inFirstSegment && byte == UInt8(ascii: ":") { return nil }
            // A "." right after a "/" may start a dot segment; a byte that is encoded, an escape or a
            // backslash need the parser. Either way: not the simple case.
            if (byte == slash && index + 1 < length && reference[index + 1] == dot) || !isCopiedAsIs(byte) {
                return nil
            }
            index += 1
        }
        // Written straight into the string's storage: both parts are ASCII (checked above, and the prefix
        // comes from a normalized URL), so no UTF-8 repair can be needed.
        let string = String(unsafeUninitializedCapacity: prefix.count + length) { storage in
            let afterPrefix = storage.initialize(fromContentsOf: prefix)
            let rest = UnsafeMutableBufferPointer(rebasing: storage[afterPrefix...])
            return afterPrefix + rest.initialize(fromContentsOf: reference[..<length])
        }
        return NormalizedURL(string: string, scheme: base.scheme, hostname: base.hostname, port: base.port)
    }
}
