/// HTML §13.2.3.2, "prescan a byte stream to determine its encoding": the first 1024 bytes searched for a
/// `<meta charset>` or a `<meta http-equiv="Content-Type" content="…charset=…">`, skipping comments,
/// other tags with their attributes, and `<!…>`, `</…>` and `<?…>` constructs, exactly as browsers do.
///
/// Bytes, not text: the encoding is not known yet. Running out of bytes inside a construct ends the
/// prescan with no answer (the html5lib cases `<meta charset=euc-jp` and `<meta charset = "`).
struct MetaPrescan {
    /// The standard's bound: later declarations are left to the parser's "change the encoding" step.
    static let limit = 1024

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    /// The encoding the first usable `<meta>` in the first `limit` bytes declares, or nil.
    static func encoding(in body: UnsafeRawBufferPointer) -> TextEncoding? {
        var prescan = MetaPrescan(bytes: UnsafeRawBufferPointer(rebasing: body.prefix(limit)))
        return prescan.run()
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private struct EndOfInput: Error {}

    private mutating func run() -> TextEncoding? {
        do {
            while position < bytes.count {
                if matches("<!--") {
                    // The "--" of "<!--" may also end the comment: "<!-->" is a whole comment.
                    position = try index(after: Array("-->".utf8), from: position + 2)
                    continue
                } else if matchesMetaStart() {
                    position += 5
                    if let encoding = try metaEncoding() { return encoding }
                } else if matchesTagStart() {
                    while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != 0x3E {
                        position += 1
                    }
                    while try attribute() != nil {}
                } else if matches("<!") || matches("</") || matches("<?") {
                    position = try index(after: [0x3E], from: position + 2)
                    continue
                }
                position += 1
            }
        } catch {
            return nil
        }
        return nil
    }

    /// The attributes of one `<meta`, position just after its name: the encoding it declares, if usable.
    private mutating func metaEncoding() throws -> TextEncoding? {
        var seen = Set<[UInt8]>()
        var gotPragma = false
        var needPragma: Bool?
        var charset: TextEncoding??  // nil: none seen; .some(nil): a label that is no encoding ("failure")
        while let (name, value) = try attribute() {
            guard seen.insert(name).inserted else { continue }
            switch String(decoding: name, as: UTF8.self) {
            case "http-equiv":
                if String(decoding: value, as: UTF8.self) == "content-type" { gotPragma = true }
            case "content":
                if charset == nil,
                    let label = MetaCharset.label(inContent: String(decoding: value, as: UTF8.self)),
                    let encoding = CharsetLabel.encoding(for: label) {
                    charset = .some(encoding)
                    needPragma = true
                }
            case "charset":
                charset = .some(CharsetLabel.encoding(for: String(decoding: value, as: UTF8.self)))
                needPragma = false
            default:
                break
            }
        }
        guard let needPragma, !(needPragma && !gotPragma), let found = charset, let encoding = found else {
            return nil
        }
        return encoding.asDeclaredInMeta
    }

    /// "Get an attribute": the next attribute's name and value, ASCII-lower-cased, or nil at the tag's `>`.
    private mutating func attribute() throws -> (name: [UInt8], value: [UInt8])? {
        while true {
            let current = try byte()
            guard Self.isSpace(current) || current == 0x2F else { break }
            position += 1
        }
        if try byte() == 0x3E { return nil }
        var name: [UInt8] = []
        var value: [UInt8] = []
        nameLoop: while true {
            let current = try byte()
            switch current {
            case 0x3D where !name.isEmpty:
                position += 1
                break nameLoop
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20:
                while Self.isSpace(try byte()) { position += 1 }
                guard try byte() == 0x3D else { return (name, value) }
                position += 1
                break nameLoop
            case 0x2F, 0x3E:
                return (name, value)
            default:
                name.append(Self.lowered(current))
                position += 1
            }
        }
        while Self.isSpace(try byte()) { position += 1 }
        let first = try byte()
        if first == 0x22 || first == 0x27 {
            position += 1
            while true {
                let current = try byte()
                position += 1
                if current == first { return (name, value) }
                value.append(Self.lowered(current))
            }
        }
        if first == 0x3E { return (name, value) }
        while true {
            let current = try byte()
            if Self.isSpace(current) || current == 0x3E { return (name, value) }
            value.append(Self.lowered(current))
            position += 1
        }
    }

    private func byte() throws -> UInt8 {
        guard position < bytes.count else { throw EndOfInput() }
        return bytes[position]
    }

    /// The index just past the first `needle` at or after `start`.
    private func index(after needle: [UInt8], from start: Int) throws -> Int {
        var index = start
        while index + needle.count <= bytes.count {
            if needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) { return index + needle.count }
            index += 1
        }
        throw EndOfInput()
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[position + $0] == literal.utf8Start[$0] }
    }

    /// `<meta` (any case) followed by whitespace or `/`.
    private func matchesMetaStart() -> Bool {
        guard position + 6 <= bytes.count, bytes[position] == 0x3C else { return false }
        let name = Array("meta".utf8)
        guard (0..<4).allSatisfy({ Self.lowered(bytes[position + 1 + $0]) == name[$0] }) else { return false }
        let after = bytes[position + 5]
        return Self.isSpace(after) || after == 0x2F
    }

    /// `<` or `</` followed by an ASCII letter.
    private func matchesTagStart() -> Bool {
        guard position + 1 < bytes.count, bytes[position] == 0x3C else { return false }
        var next = position + 1
        if bytes[next] == 0x2F { next += 1 }
        guard next < bytes.count else { return false }
        let letter = Self.lowered(bytes[next])
        return letter >= 0x61 && letter <= 0x7A
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
