import Testing
@testable import TrawlParse

/// The html5lib encoding-sniffing cases (`shared/conformance/html5lib-encoding_*.dat`): each `#data` is the
/// bytes of a page served without an HTTP charset, `#encoding` what a browser decides. Run through the whole
/// parser (prescan, then libxml2 with the "change the encoding" step), read as bytes from where they lie.
@Suite struct ParseEncodingConformanceTests {
    struct Case: CustomStringConvertible {
        let file: String
        let index: Int
        let data: [UInt8]
        let expected: String
        var description: String { "\(file) #\(index) (expects \(expected))" }
    }

    static let files = [
        "html5lib-encoding_tests1.dat", "html5lib-encoding_tests2.dat", "html5lib-encoding_test-yahoo-jp.dat",
        "html5lib-encoding_scripted_tests1.dat",
    ]

    /// Cases trawl decides differently on purpose, each with the reason.
    static let exceptions: [String: String] = [
        "html5lib-encoding_scripted_tests1.dat #0":
            "the meta is written by a script (document.write); trawl runs no scripts",
    ]

    /// Records are `#data\n<bytes>\n#encoding\n<name>`; the bytes may hold anything, blank lines included.
    static func cases(in file: String) throws -> [Case] {
        let bytes = try ConformanceData.bytes(of: file)
        let dataMark = Array("#data\n".utf8), encodingMark = Array("\n#encoding\n".utf8)
        var result: [Case] = []
        var position = 0
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= needle.count else { return nil }
            var index = start
            while index + needle.count <= bytes.count {
                if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
        while let data = find(dataMark, from: position) {
            guard let encoding = find(encodingMark, from: data + dataMark.count) else { break }
            let nameStart = encoding + encodingMark.count
            let nameEnd = bytes[nameStart...].firstIndex(of: 0x0A) ?? bytes.count
            result.append(Case(file: file, index: result.count,
                               data: Array(bytes[(data + dataMark.count)..<encoding]),
                               expected: String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)))
            position = nameEnd
        }
        return result
    }

    @Test("every html5lib encoding case agrees with trawl's choice, but the documented exceptions")
    func html5libCases() throws {
        var all: [Case] = []
        for file in Self.files { all += try Self.cases(in: file) }
        #expect(all.count == 83, "the four files hold 83 cases")
        var disagreements: [String] = []
        for testCase in all {
            let chosen = HTMLPageParser().parse(testCase.data, declaredCharset: nil).encoding
            if chosen.lowercased() != testCase.expected.lowercased() {
                disagreements.append("\(testCase) chose \(chosen)")
            }
        }
        let unexpected = disagreements.filter { line in !Self.exceptions.keys.contains { line.hasPrefix($0 + " ") } }
        #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
        #expect(disagreements.count == Self.exceptions.count, "\(disagreements)")
    }
}
