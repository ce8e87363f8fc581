/// HTML's "ASCII whitespace" (TAB, LF, FF, CR, SPACE), the set the HTML standard strips from attribute
/// values and collapses in `document.title`. U+00A0 is deliberately not in it.
enum ASCIIWhitespace {
    @inline(__always)
    static func contains(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// `bytes` without leading and trailing ASCII whitespace.
    static func trimming(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, contains(bytes[start]) { start += 1 }
        while end > start, contains(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// `text` without leading and trailing ASCII whitespace.
    static func trimming(_ text: some StringProtocol) -> Substring {
        let utf8 = Substring(text).utf8
        guard let first = utf8.firstIndex(where: { !contains($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !contains($0) })!
        return Substring(utf8[first...last])
    }
}
