import Testing
@testable import TrawlParse

@Suite("Parse: trawl's UTF-8 validation agrees with the standard library's", .ownThread)
struct ParseUTF8ValidationTests {
    /// Pieces that make mostly-ASCII text with every kind of sequence, well-formed or not, at every alignment.
    static let pieces: [[UInt8]] = [
        Array("plain ascii text ".utf8), Array("<a href=\"/x\">".utf8), [0x20], [0x7F], [0x00],
        Array("é".utf8), Array("—".utf8), Array("€".utf8), Array("😀".utf8), Array("\u{10FFFF}".utf8),
        Array("\u{D7FF}".utf8), Array("\u{E000}".utf8), Array("\u{FFFF}".utf8), Array("\u{800}".utf8),
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xFE],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ]

    @Test("random mixes of well-formed and broken sequences, at every length and alignment")
    func agreesWithUTF8Span() {
        var random = URLFastPathTests.SplitMix(seed: 8)
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                // Mostly valid pieces, so that whole inputs are often valid.
                let index = random.next() % 3 == 0 ? Int(random.next() % UInt64(Self.pieces.count))
                    : Int(random.next() % 14)
                bytes += Self.pieces[index]
            }
            let expected = (try? UTF8Span(validating: bytes.span)) != nil
            if !expected { invalid += 1 }
            #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
        #expect(invalid > 2_000 && invalid < 18_000, "both outcomes were exercised: \(invalid) invalid")
    }
}
