/// The charset label in the `content` of a `<meta http-equiv="Content-Type" content="…; charset=…">`, for
/// the prescan (`MetaPrescan`) and for the parser's "change the encoding" step (`SAXSession`).
enum MetaCharset {
    /// WHATWG HTML's "algorithm for extracting a character encoding from a meta element": the value
    /// after the first `charset` that is followed by `=`, quoted or up to whitespace or `;`. Unlike a
    /// `Content-Type` header, a meta `content` need not be well formed (`charset=x` alone is common).
    static func label(inContent content: String) -> String? {
        let bytes = Array(content.utf8)
        let key = Array("charset".utf8)
        var position = 0
        while position + key.count <= bytes.count {
            guard matchesKey(bytes, at: position, key) else {
                position += 1
                continue
            }
            var index = position + key.count
            while index < bytes.count, ASCIIWhitespace.contains(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                position += key.count
                continue
            }
            index += 1
            while index < bytes.count, ASCIIWhitespace.contains(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            let value: ArraySlice<UInt8>
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                value = bytes[(index + 1)..<close]
            } else {
                let end = bytes[index...].firstIndex { ASCIIWhitespace.contains($0) || $0 == UInt8(ascii: ";") }
                value = bytes[index..<(end ?? bytes.count)]
            }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// ASCII case-insensitive match of the lower-case `key` at `position`.
    private static func matchesKey(_ bytes: [UInt8], at position: Int, _ key: [UInt8]) -> Bool {
        for offset in key.indices {
            let byte = bytes[position + offset]
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lowered != key[offset] { return false }
        }
        return true
    }
}
