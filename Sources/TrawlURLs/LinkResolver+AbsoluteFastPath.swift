/// Absolute links to other sites (`https://docs.example.net/a/b?x=1`, about one link in nine on the benchmark
/// corpus) in their everyday spelling are already in normal form, bar the default port: checking that
/// costs a fraction of a full parse. The checks are deliberately narrow; whatever they do not cover goes to
/// `URLParser`, and a test compares both on thousands of generated URLs.
extension LinkResolver {
    /// The normal form of a prepared absolute http(s) reference (NUL-terminated `cString`), or nil when it
    /// is not of the simple kind:
    /// - a lower-case `http://` or `https://`;
    /// - a host of lower-case letters, digits, `-` and `.` (no userinfo, IPv6 literal, escape, `_`, upper
    ///   case or non-ASCII), in non-empty labels; a host whose last label starts with a digit must be a
    ///   dotted quad in its canonical spelling (curl rewrites `127.1` and `0x7f.0.0.1`);
    /// - an optional port of decimal digits without a leading zero, at most 65535 and not 0, dropped when it
    ///   is the scheme's default;
    /// - a path (`/` when absent) and query of bytes the parser copies as they are (`isCopiedAsIs`), with no
    ///   dot segment, and not ending in an empty query.
    static func simpleAbsolute(_ reference: [UInt8]) -> NormalizedURL? {
        reference.withUnsafeBufferPointer { bytes in simpleAbsolute(bytes) }
    }

    private static func simpleAbsolute(_ url: UnsafeBufferPointer<UInt8>) -> NormalizedURL? {
        let length = url.count - 1  // without the NUL
        let scheme: String
        let hostStart: Int
        if startsWith(url, "http://") {
            (scheme, hostStart) = ("http", 7)
        } else if startsWith(url, "https://") {
            (scheme, hostStart) = ("https", 8)
        } else {
            return nil
        }
        // The host: labels of [a-z0-9-], separated by single dots.
        var index = hostStart
        var labelStart = index
        var lastLabelStart = index
        while index < length {
            let byte = url[index]
            if byte == UInt8(ascii: ".") {
                guard index > labelStart else { return nil }
                labelStart = index + 1
                lastLabelStart = labelStart
            } else if !isHostByte(byte) {
                break
            } else if byte == UInt8(ascii: "-"), index == labelStart + 3, url[labelStart] == UInt8(ascii: "x"),
                url[labelStart + 1] == UInt8(ascii: "n"), url[labelStart + 2] == UInt8(ascii: "-") {
                return nil  // an `xn--` label
            }
            index += 1
        }
        let hostEnd = index
        guard hostEnd > labelStart else { return nil }  // empty host, empty last label, or trailing dot
        if isDigit(url[lastLabelStart]) && !isCanonicalDottedQuad(url, from: hostStart, to: hostEnd) { return nil }
        // The port.
        var port: Int?
        var authorityEnd = hostEnd
        if index < length, url[index] == UInt8(ascii: ":") {
            index += 1
            let digitsStart = index
            var value = 0
            while index < length, isDigit(url[index]), index - digitsStart < 5 {
                value = value * 10 + Int(url[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > digitsStart, url[digitsStart] != UInt8(ascii: "0"), value <= 65_535 else { return nil }
            port = value
            authorityEnd = index
        }
        guard index == length || url[index] == UInt8(ascii: "/") || url[index] == UInt8(ascii: "?") else {
            return nil  // userinfo, a sixth port digit, or a byte a host may not hold
        }
        // The path and query.
        if length > index && url[length - 1] == UInt8(ascii: "?") { return nil }
        var scan = index
        while scan < length {
            let byte = url[scan]
            if !isCopiedAsIs(byte) { return nil }
            if byte == UInt8(ascii: "/") && scan + 1 < length && url[scan + 1] == UInt8(ascii: ".") { return nil }
            scan += 1
        }
        let defaultPort = scheme == "http" ? 80 : 443
        if port == defaultPort { port = nil }
        let needsSlash = index == length || url[index] == UInt8(ascii: "?")
        let keepsPortText = port != nil
        let string = String(unsafeUninitializedCapacity: length + 1) { storage in
            var out = 0
            let authorityCopyEnd = keepsPortText ? authorityEnd : hostEnd
            for i in 0..<authorityCopyEnd { storage[out] = url[i]; out += 1 }
            if needsSlash { storage[out] = UInt8(ascii: "/"); out += 1 }
            for i in index..<length { storage[out] = url[i]; out += 1 }
            return out
        }
        let hostname = String(decoding: UnsafeBufferPointer(rebasing: url[hostStart..<hostEnd]), as: UTF8.self)
        return NormalizedURL(string: string, scheme: scheme, hostname: hostname, port: port)
    }

    @inline(__always)
    private static func isHostByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || isDigit(byte) || byte == UInt8(ascii: "-")
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Four decimal labels of 0–255, none with a leading zero: the spelling curl writes back unchanged.
    private static func isCanonicalDottedQuad(_ url: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var labels = 0
        var index = start
        while index < end {
            var value = 0
            let labelStart = index
            while index < end, isDigit(url[index]) {
                value = value * 10 + Int(url[index] - UInt8(ascii: "0"))
                index += 1
                if index - labelStart > 3 { return false }
            }
            let digits = index - labelStart
            guard digits > 0, value <= 255, digits == 1 || url[labelStart] != UInt8(ascii: "0") else { return false }
            labels += 1
            if index < end {
                guard url[index] == UInt8(ascii: ".") else { return false }
                index += 1
                guard index < end else { return false }
            }
        }
        return labels == 4
    }

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { literal in
            bytes.count > literal.count && zip(bytes, literal).allSatisfy { $0 == $1 }
        }
    }
}
