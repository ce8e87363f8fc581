/// The URL in a `<meta http-equiv="refresh">` content, read with HTML §4.2.5.3's "shared declarative
/// refresh steps": a time (digits and dots), then `;`, `,` or whitespace, then optionally `url=`, then the URL,
/// quoted or not. `"0; url=/docs/"` gives `/docs/`; `"5"` (reload the page itself) gives nil.
enum MetaRefresh {
    static func url(inContent content: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var index = content.startIndex
        let end = content.endIndex
        func skipWhitespace() { while index < end, ASCIIWhitespace.contains(content[index]) { index += 1 } }
        skipWhitespace()
        let timeStart = index
        while index < end, (0x30...0x39).contains(content[index]) { index += 1 }
        let sawDigits = index > timeStart
        while index < end, (0x30...0x39).contains(content[index]) || content[index] == 0x2E { index += 1 }
        guard sawDigits || index > timeStart else { return nil }  // no time: not a refresh
        guard index < end else { return nil }  // a time alone: reload the page itself
        let separator = content[index]
        guard separator == 0x3B || separator == 0x2C || ASCIIWhitespace.contains(separator) else { return nil }
        skipWhitespace()
        if index < end, content[index] == 0x3B || content[index] == 0x2C { index += 1 }
        skipWhitespace()
        guard index < end else { return nil }
        // Optional "url", then whitespace, then "=" (ASCII case-insensitive).
        if index + 3 <= end, content[index] | 0x20 == 0x75, content[index + 1] | 0x20 == 0x72,
           content[index + 2] | 0x20 == 0x6C {
            var after = index + 3
            while after < end, ASCIIWhitespace.contains(content[after]) { after += 1 }
            if after < end, content[after] == 0x3D {
                index = after + 1
                skipWhitespace()
            }
        }
        guard index < end else { return nil }
        var urlEnd = end
        if content[index] == 0x22 || content[index] == 0x27 {
            let quote = content[index]
            index += 1
            urlEnd = content[index...].firstIndex(of: quote) ?? end
        }
        let url = ASCIIWhitespace.trimming(UnsafeBufferPointer(rebasing: content[index..<urlEnd]))
        return url.isEmpty ? nil : url
    }
}
