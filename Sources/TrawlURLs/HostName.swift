/// The host part of a URL as trawl stores it: lower-case ASCII, so one server has one `jobs.host`.
///
/// curl's URL API checks a host's syntax and decodes its percent-escapes, but keeps its case
/// (`Example.COM`) and its non-ASCII bytes. RFC 3986 §6.2.2.1 makes the host case-insensitive; IDNA
/// (RFC 5891) maps an internationalized name to `xn--` labels, the form DNS and TLS certificates use.
enum HostName {
    /// The normalized form of `bytes`, the host as curl wrote it in `curl_url_get(CURLUPART_URL)`:
    /// - an IP literal in brackets (`[::1]`) or an ASCII name is lower-cased;
    /// - a name with non-ASCII UTF-8 is lower-cased (Unicode default case mapping), split into labels at
    ///   `.` and the ideographic full stops IDNA also treats as dots (U+3002, U+FF0E, U+FF61), and each
    ///   non-ASCII label becomes `xn--` + Punycode (RFC 3492). Not done: UTS #46 mapping and NFC
    ///   normalization, so a name spelled with compatibility or decomposed characters (full-width
    ///   letters, `u` + combining diaeresis) keeps a key of its own, as it would in a browser without them;
    /// - anything but letters, digits, `-`, `.` and `_` in a name (e.g. a `%` that curl decoded from `%25`)
    ///   is refused.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, URLInputError> {
        guard let first = bytes.first else { return .failure(.missingHost) }
        if first == UInt8(ascii: "[") {
            return .success(lowercasedASCII(bytes))
        }
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.allSatisfy(isNameCharacter) else { return .failure(invalidCharacter) }
            return .success(lowercasedASCII(bytes))
        }
        return internationalized(bytes)
    }

    private static let invalidCharacter = URLInputError.malformed(reason: "Bad hostname")

    private static func internationalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, URLInputError> {
        guard let name = String(validating: bytes, as: UTF8.self) else {
            return .failure(.malformed(reason: "host name is not valid UTF-8"))
        }
        let dots: Set<Character> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        var labels: [String] = []
        for label in name.lowercased().split(omittingEmptySubsequences: false, whereSeparator: dots.contains) {
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(String(label))
            } else if let encoded = Punycode.encode(label.unicodeScalars) {
                labels.append("xn--" + encoded)
            } else {
                return .failure(.malformed(reason: "host name label too long for IDNA"))
            }
        }
        let ascii = labels.joined(separator: ".")
        guard ascii.utf8.allSatisfy(isNameCharacter) else { return .failure(invalidCharacter) }
        return .success(ascii)
    }

    @inline(__always)
    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// The ASCII bytes lower-cased, written straight into the new string's storage.
    private static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { storage in
            for (index, byte) in bytes.enumerated() {
                storage[index] = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }
}
