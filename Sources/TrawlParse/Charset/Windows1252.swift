/// A windows-1252 decoder as the WHATWG Encoding Standard defines it (index-windows-1252): every byte maps
/// to a character, so a page never loses text to a decoding error.
///
/// glibc's CP1252 (which libxml2 would use through iconv) rejects 0x81, 0x8D, 0x8F, 0x90 and 0x9D, and
/// libxml2 2.9.14 stops parsing at the first byte iconv rejects, dropping every link after it.
enum Windows1252 {
    /// The characters of bytes 0x80–0x9F; every other byte is the Latin-1 code point of the same value.
    private static let c1Range: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// `bytes` as text. Every character is at most U+FFFF, so three UTF-8 bytes per input byte suffice.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 3) { output in
            var count = 0
            for byte in bytes {
                let scalar = byte < 0x80 ? UInt16(byte) : byte < 0xA0 ? c1Range[Int(byte &- 0x80)] : UInt16(byte)
                switch scalar {
                case 0..<0x80:
                    output[count] = UInt8(scalar)
                    count += 1
                case 0x80..<0x800:
                    output[count] = 0xC0 | UInt8(scalar >> 6)
                    output[count + 1] = 0x80 | UInt8(scalar & 0x3F)
                    count += 2
                default:
                    output[count] = 0xE0 | UInt8(scalar >> 12)
                    output[count + 1] = 0x80 | UInt8((scalar >> 6) & 0x3F)
                    output[count + 2] = 0x80 | UInt8(scalar & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }
}
