/// For hostile-server tests and `trawl-demo-site --hostile`.
/// Builds gzip and zlib ("deflate") streams that inflate to a huge run of zero bytes from a few MB, to test
/// that decoded bytes are bounded. One literal zero, then copies of 258 bytes at distance 1 in a fixed-Huffman
/// block (RFC 1951 §3.2.6): 13 bits per 258 output bytes.
public enum DeflateBomb {
    /// A gzip member (RFC 1952) that inflates to `inflatedSize` zero bytes. Its CRC is not computed:
    /// a client that honours its byte limit aborts long before it would check it.
    public static func gzip(inflatedSize: Int) -> [UInt8] {
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + deflate(inflatedSize: inflatedSize) + [0, 0, 0, 0]
            + withUnsafeBytes(of: UInt32(truncatingIfNeeded: inflatedSize).littleEndian, Array.init)
    }

    /// A zlib stream (RFC 1950), what HTTP calls Content-Encoding: deflate.
    public static func zlib(inflatedSize: Int) -> [UInt8] {
        [0x78, 0x01] + deflate(inflatedSize: inflatedSize) + [0, 0, 0, 0]
    }

    public static func deflate(inflatedSize: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, bits: 1)          // BFINAL
        writer.write(1, bits: 2)          // BTYPE 01: fixed Huffman
        writer.writeCode(0b0011_0000, length: 8)  // literal 0
        // Length code 285 (258 bytes: 8 bits 11000101) then distance code 0 (distance 1: 5 bits 00000),
        // as 13 bits already in the order they go on the wire.
        let copy: UInt64 = 0b10100011  // 11000101 reversed, followed by five zero bits
        let copies = max(0, (inflatedSize - 1) / 258)
        // Eight copies are 104 bits, 13 whole bytes, so from the ninth copy on the stream repeats every 13
        // bytes: a 1 GiB bomb is a block repeated, not four million bit writes (seconds in a debug build,
        // spent inside a static initializer that every hostile test waits for on the cooperative pool).
        let written = min(copies, 16)
        for index in 0..<written {
            if index == 8 { writer.markPeriodStart() }
            writer.writeRaw(copy, bits: 13)
        }
        if written == 16 {
            writer.repeatPeriod(times: (copies - 16) / 8)
            for _ in 0..<(copies - 16) % 8 { writer.writeRaw(copy, bits: 13) }
        }
        writer.writeCode(0, length: 7)    // end of block (256)
        return writer.finish()
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        var current: UInt32 = 0
        var count = 0

        /// Appends `bits` bits that are already in wire order (least significant first), fast.
        mutating func writeRaw(_ value: UInt64, bits: Int) {
            var accumulator = UInt64(current) | (value << count)
            var total = count + bits
            while total >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                total -= 8
            }
            current = UInt32(accumulator)
            count = total
        }

        /// Where the bytes of the repeating period start (see `repeatPeriod`).
        private var periodStart = 0

        mutating func markPeriodStart() { periodStart = bytes.count }

        /// Appends the bytes written since `markPeriodStart()` `times` more times. Valid when those bytes
        /// are one whole period: the pending bits are then the same as when the period started.
        mutating func repeatPeriod(times: Int) {
            let period = Array(bytes[periodStart...])
            bytes.reserveCapacity(bytes.count + period.count * times + 16)
            for _ in 0..<times { bytes.append(contentsOf: period) }
        }

        /// Writes `bits` bits of `value`, least significant first (deflate's order for header fields).
        mutating func write(_ value: UInt32, bits: Int) {
            for i in 0..<bits { push((value >> i) & 1) }
        }

        /// Writes a Huffman code, most significant bit first (RFC 1951 §3.1.1).
        mutating func writeCode(_ code: UInt32, length: Int) {
            for i in stride(from: length - 1, through: 0, by: -1) { push((code >> i) & 1) }
        }

        private mutating func push(_ bit: UInt32) {
            current |= bit << count
            count += 1
            if count == 8 {
                bytes.append(UInt8(current))
                current = 0
                count = 0
            }
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(current)) }
            return bytes
        }
    }
}
