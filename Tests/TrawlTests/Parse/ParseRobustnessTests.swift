import Testing
@testable import TrawlParse

/// Inputs that must never crash or fail: empty, hostile, deep, large, and parses on many threads.
@Suite(.ownThread) struct ParseRobustnessTests {
    private let parser = HTMLPageParser()

    @Test(arguments: [nil, "utf-8", "iso-8859-1", "Shift_JIS", "bogus"])
    func emptyBodyIsAnEmptyPage(charset: String?) {
        #expect(parser.parse([], declaredCharset: charset) == ParsedPage())
        #expect(parser.parse(UnsafeRawBufferPointer(start: nil, count: 0), declaredCharset: charset) == ParsedPage())
    }

    @Test(arguments: [
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x00], [0x3C], Array("<".utf8), Array("<a href".utf8),
        Array("<!--".utf8), Array("<![CDATA[".utf8), Array("<?xml".utf8), [0x3C, 0x00, 0x3F, 0x00],
        [0x00, 0x00, 0x00, 0x3C], [0x4C, 0x6F, 0xA7, 0x94], [UInt8](repeating: 0xFF, count: 64),
    ] as [[UInt8]])
    func fragmentsAndBareMarksDoNotCrash(bytes: [UInt8]) {
        _ = parser.parse(bytes, declaredCharset: nil)
        _ = parser.parse(bytes, declaredCharset: "utf-8")
        _ = parser.parse(bytes, declaredCharset: "Shift_JIS")
    }

    @Test func textWithoutMarkup() {
        #expect(parser.parse(Array("just some text".utf8), declaredCharset: nil) == ParsedPage())
    }

    @Test(arguments: [10_000, 100_000])
    func deepNestingDoesNotCrash(depth: Int) {
        let html = "<title>deep</title>" + String(repeating: "<div><span>", count: depth) + "<a href=/bottom>b</a>"
        let page = parser.parse(Array(html.utf8), declaredCharset: nil)
        #expect(page.title == "deep")
        #expect(page.hrefs == ["/bottom"])
    }

    @Test func deeplyNestedAnchorsAndTitles() {
        let html = (0..<20_000).map { "<a href=/x\($0)><title>" }.joined()
        let page = HTMLPageParser(maxLinks: 50_000).parse(Array(html.utf8), declaredCharset: nil)
        #expect(page.hrefs.count == 20_000)
        #expect(page.title == nil || page.title?.isEmpty == false)
    }

    @Test func largePageIsCapped() {
        let html = "<title>big</title>" + (0..<200_000).map { "<p><a href=\"/p/\($0)\">\($0)</a>" }.joined()
        let page = HTMLPageParser(maxLinks: 10_000).parse(Array(html.utf8), declaredCharset: "utf-8")
        #expect(page.title == "big")
        #expect(page.hrefs.count == 10_000)
        #expect(page.hrefs.last == "/p/9999")
        #expect(page.linksTruncated)
    }

    @Test func longTitleAndAttributeValues() {
        let long = String(repeating: "x", count: 1_000_000)
        let page = parser.parse(Array("<title>\(long)</title><a href=\"/\(long)\">".utf8), declaredCharset: nil)
        #expect(page.title?.utf8.count == 1_000_000)
        #expect(page.hrefs.first?.utf8.count == 1_000_001)
    }

    @Test func nulBytesInTheBody() {
        let html = Array("<title>a".utf8) + [0] + Array("b</title><a href=/x>x</a>".utf8)
        let page = parser.parse(html, declaredCharset: nil)
        #expect(page.hrefs == ["/x"])
    }

    /// Eight tasks parse the same mixed set of pages at once; each result matches a serial parse.
    @Test func parallelParsesMatchSerialOnes() async {
        let pages: [([UInt8], String?)] = [
            (Array("<title>A &amp; B</title><a href=/1>1</a><area href=/2>".utf8), nil),
            (Array("<meta charset=iso-8859-1><title>caf".utf8) + [0xE9] + Array("</title><a href=/c>".utf8), nil),
            (Array("<title>".utf8) + [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA] + Array("</title>".utf8), "Shift_JIS"),
            (Array("<base href=/b/><div><a href=x>".utf8) + Array(repeating: 0x41, count: 10_000), "utf-8"),
            ([0xEF, 0xBB, 0xBF] + Array("<title>bom</title>".utf8), "iso-8859-1"),
        ]
        let parser = self.parser
        let expected = pages.map { parser.parse($0.0, declaredCharset: $0.1) }
        await withTaskGroup(of: [ParsedPage].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var results: [ParsedPage] = []
                    for _ in 0..<50 {
                        results = pages.map { parser.parse($0.0, declaredCharset: $0.1) }
                        if results != expected { break }
                    }
                    return results
                }
            }
            for await results in group {
                #expect(results == expected)
            }
        }
    }
}
