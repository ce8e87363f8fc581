/// The request line and header fields of one HTTP/1.x request (RFC 9112 §2–§5), parsed from raw bytes.
///
/// Parsing is separate from socket reading so that it can be tested on byte arrays.
struct RequestHead: Equatable {
    /// Largest accepted head (request line plus headers); beyond it the server answers 431.
    static let sizeLimit = 64 * 1024

    struct Field: Equatable {
        /// Lower-cased.
        let name: String
        let value: String
    }

    enum ParseError: Error, Equatable {
        case malformedRequestLine
        case malformedField
        case invalidContentLength
    }

    let method: String
    let target: String
    let version: String
    let fields: [Field]

    /// The index just past the empty line that ends a head in `buffer`, if a whole head is there.
    ///
    /// Accepts a bare LF as a line end, as RFC 9112 §2.2 allows a recipient to. `start` lets a caller
    /// resume where the previous search stopped instead of rescanning the head on every read.
    static func end(in buffer: [UInt8], searchingFrom start: Int = 0) -> Int? {
        let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var index = max(start, 0)
        while index < buffer.count {
            if buffer[index] == lf {
                if index + 1 < buffer.count, buffer[index + 1] == lf { return index + 2 }
                if index + 2 < buffer.count, buffer[index + 1] == cr, buffer[index + 2] == lf { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// Parses a complete head (as delimited by `end(in:)`).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> RequestHead {
        // Split bytes, not a String: Swift treats "\r\n" as one Character, which no "\n" split finds.
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let requestLine = lines.first else { throw .malformedRequestLine }

        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/1.") else {
            throw .malformedRequestLine
        }

        var fields: [Field] = []
        for line in lines.dropFirst() {
            // Obsolete line folding (a line starting with whitespace) is rejected (RFC 9112 §5.2).
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  line.first != " ", line.first != "\t",
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else { throw .malformedField }
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            fields.append(Field(name: line[..<colon].lowercased(), value: String(value)))
        }
        return RequestHead(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), fields: fields)
    }

    /// Headers by lower-cased name; repeated fields joined with ", " (RFC 9110 §5.3).
    var headers: [String: String] {
        fields.reduce(into: [:]) { headers, field in
            headers[field.name] = headers[field.name].map { "\($0), \(field.value)" } ?? field.value
        }
    }

    private func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Body length to skip; 0 when absent. Differing repeated values are an error (RFC 9112 §6.3).
    func contentLength() throws(ParseError) -> Int {
        let lengths = values("content-length")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace() }
        guard let first = lengths.first else { return 0 }
        guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.allSatisfy(\.isASCIIDigit),
              let length = Int(first)
        else { throw .invalidContentLength }
        return length
    }

    /// A chunked request body cannot be skipped by length; the server answers and closes instead.
    var hasTransferEncoding: Bool { !values("transfer-encoding").isEmpty }

    /// `Expect: 100-continue` (RFC 9110 §10.1.1): the client waits for a 100 before sending its body.
    var expectsContinue: Bool {
        values("expect").contains { $0.lowercased() == "100-continue" }
    }

    /// Whether the client wants the connection kept after this exchange (RFC 9112 §9.3): HTTP/1.1 unless
    /// it sent `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    var wantsPersistentConnection: Bool {
        let tokens = values("connection")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace().lowercased() }
        if tokens.contains("close") { return false }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return true
    }

    var isHead: Bool { method == "HEAD" }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace, RFC 9110 §5.6.3).
    func trimmingWhitespace() -> Substring {
        let string = Substring(self)
        guard let first = string.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = string.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return string[first...last]
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
