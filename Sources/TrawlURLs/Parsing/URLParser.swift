/// The WHATWG URL Standard's basic URL parser (§4.4), for the special schemes http and https: what a
/// browser does with an `href`, so that trawl follows the link a browser would follow.
///
/// Written as straight-line code over the input's bytes rather than as the standard's state machine, one
/// function per group of states; each says which states it stands for. The input has been through
/// `PreparedReference` (§4.4 steps 1–3: leading and trailing C0 controls and spaces trimmed, tabs and
/// newlines removed) and has lost its fragment: every state treats `#` as the start of the fragment, and
/// trawl stores none. Anything but http(s) fails with `.otherScheme`: a crawler fetches nothing else.
enum URLParser {
    /// Parses `input` against `base` (nil for a URL given on its own, such as a seed).
    static func parse(_ input: UnsafeBufferPointer<UInt8>, base: URLRecord?) throws(URLParseFailure) -> URLRecord {
        guard let (scheme, colon) = scheme(of: input) else {
            // No scheme state: only a base can give the URL a meaning.
            guard let base else { throw .noScheme }
            return try relative(input, from: 0, base: base)
        }
        let isHTTPS: Bool
        switch scheme {
        case "http": isHTTPS = false
        case "https": isHTTPS = true
        default: throw .otherScheme(scheme)
        }
        let afterColon = colon + 1
        // Special relative or authority state: `http:foo` and `http:/foo` on an http page are relative
        // references; only exactly `//` introduces an authority.
        if let base, base.isHTTPS == isHTTPS,
            !(afterColon + 1 < input.count && input[afterColon] == slash && input[afterColon + 1] == slash) {
            return try relative(input, from: afterColon, base: base)
        }
        // Special authority slashes and ignore slashes states: any run of `/` and `\`, even none.
        var start = afterColon
        while start < input.count, isSlash(input[start]) { start += 1 }
        return try authority(input, from: start, isHTTPS: isHTTPS)
    }

    /// Scheme start and scheme states: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`, lower-cased, and
    /// the index of its colon; nil when the input does not start with one.
    private static func scheme(of input: UnsafeBufferPointer<UInt8>) -> (String, colon: Int)? {
        guard let first = input.first, isAlpha(first) else { return nil }
        var index = 1
        while index < input.count, isSchemeByte(input[index]) { index += 1 }
        guard index < input.count, input[index] == UInt8(ascii: ":") else { return nil }
        let name = input[0..<index].map { isAlpha($0) ? $0 | 0x20 : $0 }
        return (String(decoding: name, as: UTF8.self), index)
    }

    /// Relative and relative slash states: the parts the reference does not give come from the base.
    private static func relative(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, base: URLRecord
    ) throws(URLParseFailure) -> URLRecord {
        guard start < input.count else { return base }  // EOF: the base itself, query included
        var url = base
        url.query = nil
        let first = input[start]
        if isSlash(first) {
            if start + 1 < input.count, isSlash(input[start + 1]) {
                var authorityStart = start + 1
                while authorityStart < input.count, isSlash(input[authorityStart]) { authorityStart += 1 }
                return try authority(input, from: authorityStart, isHTTPS: base.isHTTPS)
            }
            url.path = []
            parsePath(input, from: start + 1, into: &url)
        } else if first == UInt8(ascii: "?") {
            parseQuery(input, from: start + 1, into: &url)
        } else {
            url.shortenPath()
            parsePath(input, from: start, into: &url)
        }
        return url
    }

    /// Authority, host, port and path start states, then the path.
    private static func authority(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, isHTTPS: Bool
    ) throws(URLParseFailure) -> URLRecord {
        var url = URLRecord(isHTTPS: isHTTPS)
        var end = start
        while end < input.count, !isSlash(input[end]), input[end] != UInt8(ascii: "?") { end += 1 }
        var hostStart = start
        if let at = input[start..<end].lastIndex(of: UInt8(ascii: "@")) {
            appendUserinfo(input, from: start, to: at, into: &url)
            hostStart = at + 1
        }
        // The first `:` outside brackets ends the host.
        var hostEnd = hostStart
        var insideBrackets = false
        while hostEnd < end {
            let byte = input[hostEnd]
            if byte == UInt8(ascii: "[") { insideBrackets = true }
            if byte == UInt8(ascii: "]") { insideBrackets = false }
            if byte == UInt8(ascii: ":"), !insideBrackets { break }
            hostEnd += 1
        }
        guard hostEnd > hostStart else { throw .missingHost }
        url.host = try HostParser.parse(UnsafeBufferPointer(rebasing: input[hostStart..<hostEnd]))
        if hostEnd < end {
            url.port = try port(UnsafeBufferPointer(rebasing: input[(hostEnd + 1)..<end]), isHTTPS: isHTTPS)
        }
        // Path start state: one `/` or `\` is the path's own start.
        let pathStart = end < input.count && isSlash(input[end]) ? end + 1 : end
        parsePath(input, from: pathStart, into: &url)
        return url
    }

    /// The authority state's userinfo: every `@` but the last is data (`%40`), the first `:` separates the
    /// password, both are encoded with the userinfo percent-encode set.
    private static func appendUserinfo(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into url: inout URLRecord
    ) {
        var index = start
        var passwordTokenSeen = false
        while index < end {
            if input[index] == UInt8(ascii: ":"), !passwordTokenSeen {
                passwordTokenSeen = true
                index += 1
            } else if passwordTokenSeen {
                index += PercentEncodeSet.userinfo.append(input, at: index, to: &url.password)
            } else {
                index += PercentEncodeSet.userinfo.append(input, at: index, to: &url.username)
            }
        }
        // An escape never runs past `end`: the `@` there is not a hex digit.
    }

    /// Port state: ASCII digits only (leading zeros allowed), at most 65535; the scheme's default is nil.
    private static func port(_ digits: UnsafeBufferPointer<UInt8>, isHTTPS: Bool) throws(URLParseFailure) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { throw .invalidPort }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
            guard value <= 65_535 else { throw .invalidPort }
        }
        return value == (isHTTPS ? 443 : 80) ? nil : value
    }

    static let slash = UInt8(ascii: "/")

    /// `/`, or `\`, which special URLs treat as `/` everywhere before the query.
    @inline(__always)
    static func isSlash(_ byte: UInt8) -> Bool {
        byte == slash || byte == UInt8(ascii: "\\")
    }

    @inline(__always)
    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
