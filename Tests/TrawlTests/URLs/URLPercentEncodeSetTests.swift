import Testing
@testable import TrawlURLs

@Suite("URLs: the WHATWG percent-encode sets and the fast paths' copy-as-is mask")
struct URLPercentEncodeSetTests {
    /// The sets as the URL Standard lists them (§1.3), byte by byte.
    @Test func setsMatchTheStandard() {
        for value in 0...255 {
            let byte = UInt8(value)
            let c0 = byte < 0x20 || byte > 0x7E
            let query = c0 || " \"#<>".utf8.contains(byte)
            let specialQuery = query || byte == UInt8(ascii: "'")
            let path = query || "?^`{}".utf8.contains(byte)
            let userinfo = path || "/:;=@[\\]|".utf8.contains(byte)
            #expect(PercentEncodeSet.c0Control.contains(byte) == c0, "byte \(value)")
            #expect(PercentEncodeSet.query.contains(byte) == query, "byte \(value)")
            #expect(PercentEncodeSet.specialQuery.contains(byte) == specialQuery, "byte \(value)")
            #expect(PercentEncodeSet.path.contains(byte) == path, "byte \(value)")
            #expect(PercentEncodeSet.userinfo.contains(byte) == userinfo, "byte \(value)")
        }
    }

    /// The fast paths copy a byte only when the parser would copy it too, in a path and in a query.
    @Test func copyAsIsMaskIsWhatTheParserCopies() {
        for value in 0...255 {
            let byte = UInt8(value)
            let copied = !PercentEncodeSet.path.contains(byte) && !PercentEncodeSet.specialQuery.contains(byte)
                && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "#")
            let inPathOrQuery = copied || byte == UInt8(ascii: "?")
            #expect(LinkResolver.isCopiedAsIs(byte) == inPathOrQuery, "byte \(value)")
        }
    }

    @Test("escapes: unreserved decoded, others upper-cased, a lone % kept", arguments: [
        ("/a/b.html;x=1&y=2", "/a/b.html;x=1&y=2"),
        ("?{`}^", "%3F%7B%60%7D%5E"),
        ("/a b/%7e%2f%zz%41", "/a%20b/~%2F%zzA"),
        ("é/\"x\"", "%C3%A9/%22x%22"),
        ("%", "%"),
        ("%4", "%4"),
        ("", ""),
    ])
    func normalizesEscapes(_ input: String, _ expected: String) {
        var output: [UInt8] = []
        let bytes = Array(input.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count { index += PercentEncodeSet.path.append(buffer, at: index, to: &output) }
        }
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }
}
