extension URLParser {
    /// Path state (§4.4) from `start` to the end or the query: segments split at `/` and `\`, each written
    /// through the path percent-encode set; `.` and `..` segments (also spelled `%2e`, which the escape
    /// normalization has already decoded) removed as they come, as the standard's single-dot and
    /// double-dot path segments are.
    static func parsePath(_ input: UnsafeBufferPointer<UInt8>, from start: Int, into url: inout URLRecord) {
        var segment: [UInt8] = []
        var index = start
        while true {
            let atEnd = index >= input.count
            let byte = atEnd ? 0 : input[index]
            if atEnd || isSlash(byte) || byte == UInt8(ascii: "?") {
                let atSlash = !atEnd && isSlash(byte)
                if isDoubleDot(segment) {
                    url.shortenPath()
                    if !atSlash { url.path.append(slash) }
                } else if isSingleDot(segment) {
                    if !atSlash { url.path.append(slash) }
                } else {
                    url.path.append(slash)
                    url.path += segment
                }
                segment.removeAll(keepingCapacity: true)
                if atEnd { return }
                if byte == UInt8(ascii: "?") {
                    parseQuery(input, from: index + 1, into: &url)
                    return
                }
                index += 1
            } else {
                index += PercentEncodeSet.path.append(input, at: index, to: &segment)
            }
        }
    }

    /// Query state (§4.4): the rest of the input, through the special-query percent-encode set. Pages in
    /// other encodings than UTF-8 would encode the query in theirs; trawl encodes it as UTF-8.
    static func parseQuery(_ input: UnsafeBufferPointer<UInt8>, from start: Int, into url: inout URLRecord) {
        var query: [UInt8] = []
        query.reserveCapacity(input.count - start)
        var index = start
        while index < input.count {
            index += PercentEncodeSet.specialQuery.append(input, at: index, to: &query)
        }
        url.query = query
    }

    @inline(__always)
    private static func isSingleDot(_ segment: [UInt8]) -> Bool {
        segment.count == 1 && segment[0] == UInt8(ascii: ".")
    }

    @inline(__always)
    private static func isDoubleDot(_ segment: [UInt8]) -> Bool {
        segment.count == 2 && segment[0] == UInt8(ascii: ".") && segment[1] == UInt8(ascii: ".")
    }
}
