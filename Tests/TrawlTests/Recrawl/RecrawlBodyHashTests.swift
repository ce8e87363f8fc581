import Testing
import TrawlFetch

@Suite("Recrawl: body hash (SHA-256)")
struct RecrawlBodyHashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    @Test("SHA-256 matches the published test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func vectors(message: String, digest: String) {
        #expect(Self.hex(SHA256.digest(Array(message.utf8))) == digest)
    }

    @Test("fed in pieces of any size, the digest is the same as in one call")
    func pieces() {
        let message = Array((0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let whole = SHA256.digest(message)
        for size in [1, 7, 63, 64, 65, 200] {
            var hasher = SHA256()
            var start = 0
            while start < message.count {
                hasher.update(message[start..<min(start + size, message.count)])
                start += size
            }
            #expect(hasher.finalize() == whole, "pieces of \(size)")
        }
    }

    @Test("the body hash is the digest's first 8 bytes, big-endian, as a signed integer")
    func bodyHash() {
        // sha256("abc") starts ba7816bf8f01cfea: above Int64.max, so negative.
        #expect(BodyHash.of(Array("abc".utf8)) == Int64(bitPattern: 0xba78_16bf_8f01_cfea))
        #expect(BodyHash.of([]) == Int64(bitPattern: 0xe3b0_c442_98fc_1c14))
        #expect(BodyHash.of(Array("abc".utf8)) != BodyHash.of(Array("abd".utf8)))
    }
}
