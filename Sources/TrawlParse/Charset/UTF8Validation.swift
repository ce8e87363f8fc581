/// Whether bytes are well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing above
/// U+10FFFF), as `UTF8Span(validating:)` decides, but eight ASCII bytes at a time: web pages are mostly
/// ASCII with a non-ASCII character here and there, and the standard library's validator, which reads
/// every byte alone, was 2% of a crawl's CPU. A test compares the two on generated inputs.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            index = asciiRunEnd(bytes, from: index)
            guard index < count else { return true }
            let lead = bytes[index]  // not ASCII: `asciiRunEnd` stopped here
            // One multi-byte sequence: the lead byte fixes its length and the range of its second byte.
            let length: Int
            var secondLow: UInt8 = 0x80, secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= secondLow && second <= secondHigh else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        asciiRunEnd(bytes, from: 0) == bytes.count
    }

    /// The index of the first byte at or after `start` that is not ASCII (`bytes.count` if none), checked
    /// eight bytes at a time.
    private static func asciiRunEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while index + 8 <= count,
            bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            index += 8
        }
        while index < count, bytes[index] < 0x80 { index += 1 }
        return index
    }
}
