/// One extra request header, given as `--header 'Name: value'` and sent on every request of the crawl,
/// robots.txt included (CURLOPT_HTTPHEADER).
///
/// Checked once, when given: the name must be an RFC 9110 §5.1 token, the value may hold no control
/// character (a CR or LF would start a header of its own: header injection), and the headers trawl or curl
/// must control are refused with the flag to use instead (`refusals`). An empty value (`'Accept:'`) removes
/// curl's own header of that name, as `curl -H` does.
public struct RequestHeader: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let value: String

    /// Reads `Name: value`; spaces and tabs around the value are dropped (RFC 9110 §5.5).
    public init(parsing line: String) throws(RequestHeaderError) {
        guard line.utf8.count <= Self.maxLength else { throw .tooLong(line) }
        guard let colon = line.firstIndex(of: ":") else { throw .missingColon(line) }
        let name = String(line[..<colon])
        guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw .badName(line) }
        let rawValue = line[line.index(after: colon)...]
        guard !rawValue.utf8.contains(where: Self.isControlByte) else { throw .controlCharacter(line) }
        if let reason = Self.refusal(of: name) { throw .refused(line, reason: reason) }
        self.name = name
        self.value = String(rawValue).trimmingSpacesAndTabs()
    }

    /// `Name: value`, as given to curl and saved in the database.
    public var description: String { value.isEmpty ? "\(name):" : "\(name): \(value)" }

    /// Longer lines are refused: servers commonly refuse a header section over 8 KiB.
    public static let maxLength = 8_192

    /// Why a header name is refused, or nil. The names are compared case-insensitively; `Proxy-*` covers every
    /// header for a proxy (Proxy-Authorization, Proxy-Connection).
    public static func refusal(of name: String) -> String? {
        let lower = name.lowercased()
        if lower.hasPrefix("proxy-") {
            return "headers for a proxy are not sent to sites; give the proxy and its credentials with --proxy"
        }
        return refusals[lower]
    }

    /// The refused names (lower case) and what to do instead. The first group is framing and connection
    /// management, which curl must own for the response to be read at all (RFC 9110 §7.6.1, RFC 9112 §6);
    /// the second is what trawl controls itself; the last three have flags of their own that keep the
    /// secret out of the database and send it only where it belongs.
    public static let refusals: [String: String] = [
        "host": "trawl sends Host from each URL",
        "content-length": "trawl sends no request body; curl frames every message",
        "transfer-encoding": "trawl sends no request body; curl frames every message",
        "expect": "trawl sends no request body",
        "connection": "curl manages connections (see --force-close and --keepalive-timeout)",
        "keep-alive": "curl manages connections (see --force-close and --keepalive-timeout)",
        "upgrade": "curl manages connections and protocols",
        "te": "curl manages transfer codings",
        "trailer": "curl manages transfer codings",
        "accept-encoding": "trawl asks for gzip and deflate and decodes them itself, so that --max-bytes "
            + "bounds the decoded body",
        "range": "trawl fetches whole responses",
        "user-agent": "give it with --user-agent",
        "cookie": "give cookies with --cookies FILE (a Netscape cookie file): they are kept out of the database",
        "authorization": "give credentials with --auth HOST=USER:PASSWORD (sent only to that host, never saved)",
    ]

    /// RFC 9110 §5.6.2 tchar.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// RFC 9110 §5.5: a field value is visible characters, spaces, tabs and obs-text; anything else below
    /// 0x20 (CR, LF, NUL) and DEL are refused.
    private static func isControlByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }
}

/// A `--header` value that cannot be sent, naming the flag and the value as given.
public enum RequestHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColon(String)
    case badName(String)
    case controlCharacter(String)
    case refused(String, reason: String)
    case tooLong(String)

    public var description: String {
        switch self {
        case .missingColon(let line):
            "--header \(Self.quoted(line)) has no colon: write it as 'Name: value'"
        case .badName(let line):
            "--header \(Self.quoted(line)) has no valid header name before the colon (letters, digits and "
                + "!#$%&'*+-.^_`|~ only, no spaces)"
        case .controlCharacter(let line):
            "--header \(Self.quoted(line)) holds a control character (CR, LF, NUL…): refused, it could inject "
                + "a header or a request of its own"
        case .refused(let line, let reason):
            "--header \(Self.quoted(line)) is refused: \(reason)"
        case .tooLong(let line):
            "--header '\(line.prefix(40))…' is longer than \(RequestHeader.maxLength) bytes"
        }
    }

    /// The value in single quotes, control characters shown as escapes so that the message stays one line.
    private static func quoted(_ line: String) -> String {
        var text = ""
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\r": text += "\\r"
            case "\n": text += "\\n"
            case "\t": text.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "\\x" + String(scalar.value, radix: 16, uppercase: true)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return "'" + text + "'"
    }
}

fileprivate extension String {
    /// Without leading and trailing spaces and tabs (no Foundation in this target).
    func trimmingSpacesAndTabs() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
