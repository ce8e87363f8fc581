/// Turns the URL curl writes (`curl_url_get(CURLUPART_URL)`) into a `NormalizedURL`.
///
/// curl always writes `scheme://[userinfo@]host[:port]/path[?query]` with the scheme lower-cased, the
/// default port left out (`CURLU_NO_DEFAULT_PORT`), dot segments removed and an empty query dropped; what
/// is left to do is the host (`HostName`) and dropping the userinfo, which trawl never stores. When neither
/// needs a change, curl's text is the result.
enum CurlURLOutput {
    static func normalizedURL(from url: UnsafeBufferPointer<UInt8>) -> Result<NormalizedURL, URLInputError> {
        let scheme: String
        let authorityStart: Int
        if hasPrefix(url, "http://") {
            (scheme, authorityStart) = ("http", 7)
        } else if hasPrefix(url, "https://") {
            (scheme, authorityStart) = ("https", 8)
        } else {
            // Unreachable: the scheme was checked before curl saw the reference.
            return .failure(.malformed(reason: "not an http(s) URL after resolution"))
        }

        // A fragment cannot be there (it was cut before curl), but the normal form must never carry one.
        let end = url.firstIndex(of: UInt8(ascii: "#")) ?? url.count
        var authorityEnd = authorityStart
        while authorityEnd < end, url[authorityEnd] != UInt8(ascii: "/"), url[authorityEnd] != UInt8(ascii: "?") {
            authorityEnd += 1
        }
        var hostStart = authorityStart
        for index in authorityStart..<authorityEnd where url[index] == UInt8(ascii: "@") { hostStart = index + 1 }
        var hostEnd = hostStart
        if hostStart < authorityEnd, url[hostStart] == UInt8(ascii: "[") {
            while hostEnd < authorityEnd, url[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
            guard hostEnd < authorityEnd else { return .failure(.malformed(reason: "Bad IPv6 address")) }
            hostEnd += 1
        } else {
            while hostEnd < authorityEnd, url[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
        }
        var port: Int?
        if hostEnd + 1 < authorityEnd, url[hostEnd] == UInt8(ascii: ":") {
            var value = 0
            for digit in url[(hostEnd + 1)..<authorityEnd] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit), value <= 65_535 else {
                    return .failure(.malformed(reason: "Port number was not a decimal number between 0 and 65535"))
                }
                value = value * 10 + Int(digit - UInt8(ascii: "0"))
            }
            port = value
        }

        let hostBytes = UnsafeBufferPointer(rebasing: url[hostStart..<hostEnd])
        let hostname: String
        switch HostName.normalize(hostBytes) {
        case .success(let name): hostname = name
        case .failure(let error): return .failure(error)
        }

        // An empty query (`/x?`) is dropped; curl already does so, this keeps the rule independent of it.
        var pathEnd = end
        if let question = url[authorityEnd..<end].firstIndex(of: UInt8(ascii: "?")), question == end - 1 {
            pathEnd = question
        }
        let needsSlash = authorityEnd == pathEnd || url[authorityEnd] != UInt8(ascii: "/")
        let string: String
        let hasUserinfo = hostStart > authorityStart
        if !needsSlash, !hasUserinfo, pathEnd == url.count, Self.equal(hostname, hostBytes) {
            string = String(decoding: url, as: UTF8.self)
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(url.count + hostname.utf8.count + 1)
            bytes.append(contentsOf: url[..<authorityStart])
            bytes.append(contentsOf: hostname.utf8)
            bytes.append(contentsOf: url[hostEnd..<authorityEnd])
            if needsSlash { bytes.append(UInt8(ascii: "/")) }
            bytes.append(contentsOf: url[authorityEnd..<pathEnd])
            string = String(decoding: bytes, as: UTF8.self)
        }
        return .success(NormalizedURL(string: string, scheme: scheme, hostname: hostname, port: port,
                                      droppedUserinfo: hasUserinfo))
    }

    /// Byte comparison on contiguous storage (the generic `elementsEqual` on `String.UTF8View` is slow).
    private static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { literal in
            bytes.count >= literal.count && zip(bytes, literal).allSatisfy { $0 == $1 }
        }
    }
}
