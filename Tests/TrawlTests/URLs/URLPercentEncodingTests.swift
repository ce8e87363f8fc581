import Testing
@testable import TrawlURLs

@Suite("URLs: percent-encoding byte classes")
struct URLPercentEncodingTests {
    @Test("the copy-as-is mask is exactly unreserved plus reserved, for every byte")
    func plainMaskMatchesTheClasses() {
        for value in 0...255 {
            let byte = UInt8(value)
            #expect(PercentEncoding.isPlain(byte) == (PercentEncoding.isUnreserved(byte) || PercentEncoding.isReserved(byte)),
                    "byte \(value)")
        }
    }

    @Test("runs of plain bytes and escapes, mixed", arguments: [
        ("/a/b.html?x=1&y=2", "/a/b.html?x=1&y=2"),
        ("/a b/%7e%2f%zz%41", "/a%20b/~%2F%25zzA"),
        ("é/\"x\"", "%C3%A9/%22x%22"),
        ("%", "%25"),
        ("", ""),
    ])
    func normalizes(_ input: String, _ expected: String) {
        var output: [UInt8] = []
        PercentEncoding.appendNormalized(Array(input.utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }
}
