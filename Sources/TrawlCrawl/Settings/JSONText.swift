/// The little JSON trawl writes into the database (`crawl_settings` lists, `crawl_runs.settings`) and reads
/// back: arrays of strings and flat objects of strings, so that sqlite3's `json_extract` and `json_each`
/// read them (RFC 8259 string escapes).
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ",") + "]"
    }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + string($0.1) }.joined(separator: ",") + "}"
    }

    /// Parses a JSON array of strings; nil when `text` is anything else.
    static func stringArray(_ text: String) -> [String]? {
        var scalars = Array(text.unicodeScalars)[...]
        func skipSpace() { while let first = scalars.first, first == " " || first == "\n" || first == "\t" || first == "\r" { scalars.removeFirst() } }
        func expect(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            guard scalars.first == c else { return false }
            scalars.removeFirst()
            return true
        }
        func parseString() -> String? {
            guard expect("\"") else { return nil }
            var out = String.UnicodeScalarView()
            while let c = scalars.popFirst() {
                switch c {
                case "\"": return String(out)
                case "\\":
                    guard let e = scalars.popFirst() else { return nil }
                    switch e {
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{C}")
                    case "u":
                        let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                        scalars = scalars.dropFirst(4)
                        guard hex.count == 4, let value = UInt32(hex, radix: 16),
                              let scalar = Unicode.Scalar(value) else { return nil }
                        out.append(scalar)
                    default: out.append(e)
                    }
                default: out.append(c)
                }
            }
            return nil
        }
        guard expect("[") else { return nil }
        var items: [String] = []
        if expect("]") { skipSpace(); return scalars.isEmpty ? items : nil }
        repeat {
            guard let item = parseString() else { return nil }
            items.append(item)
        } while expect(",")
        guard expect("]") else { return nil }
        skipSpace()
        return scalars.isEmpty ? items : nil
    }
}
