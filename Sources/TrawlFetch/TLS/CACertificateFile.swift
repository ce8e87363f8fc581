#if canImport(Glibc)
import Glibc
#endif

/// A `--ca-cert` file, checked before a crawl starts: libcurl would only find a bad file at the first
/// HTTPS connection, and then fail every https:// page with a message about the file, not the site.
public enum CACertificateFile {
    /// The PEM text of `path`, which must be a readable regular file holding at least one complete
    /// `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` block (RFC 7468 §5), as OpenSSL's
    /// `X509_STORE_load_file` (CURLOPT_CAINFO) reads it. Certificates in DER, keys alone, or an empty file
    /// are refused with a message that says what the file holds instead.
    public static func read(_ path: String) throws(CACertificateError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .missing(path: path, reason: Self.reason(errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .missing(path: path, reason: "not a regular file") }
        guard let file = fopen(path, "rb") else { throw .missing(path: path, reason: Self.reason(errno)) }
        defer { fclose(file) }
        guard let bytes = readToEnd(file, limit: 64 << 20) else { throw .missing(path: path, reason: Self.reason(errno)) }
        // A CA bundle is a few hundred KiB; a file far beyond that is not one.
        if bytes.count > 64 << 20 { throw .notPEM(path: path, found: "a file larger than 64 MiB") }
        let count = certificateCount(in: bytes)
        guard count > 0 else { throw .notPEM(path: path, found: describe(bytes)) }
        return bytes
    }

    /// Complete PEM certificate blocks in `bytes`.
    static func certificateCount(in bytes: [UInt8]) -> Int {
        let text = String(decoding: bytes, as: UTF8.self)
        var count = 0
        var rest = text[...]
        while let begin = rest.firstRange(of: "-----BEGIN CERTIFICATE-----") {
            guard let end = rest[begin.upperBound...].firstRange(of: "-----END CERTIFICATE-----") else { break }
            let body = rest[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            if !body.isEmpty && body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) {
                count += 1
            }
            rest = rest[end.upperBound...]
        }
        return count
    }

    /// What a file without certificates holds, for the error message.
    private static func describe(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "an empty file" }
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if let label = text.firstRange(of: "-----BEGIN ").map({ text[$0.upperBound...].prefix { $0 != "-" } }) {
            return "a PEM \(label.lowercased()), no certificate"
        }
        if bytes.first == 0x30 { return "binary data (DER? convert it: openssl x509 -inform der -in FILE -out FILE.pem)" }
        return "no PEM certificate"
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// A `--ca-cert` file that cannot be used.
public enum CACertificateError: Error, Equatable, CustomStringConvertible {
    /// Missing, unreadable, or not a regular file.
    case missing(path: String, reason: String)
    /// Readable, but holds no PEM certificate.
    case notPEM(path: String, found: String)

    public var description: String {
        switch self {
        case .missing(let path, let reason): "--ca-cert \(path): cannot read it (\(reason))"
        case .notPEM(let path, let found):
            "--ca-cert \(path): no PEM certificate in it (found \(found)); give CA certificates in PEM form, "
                + "each between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----"
        }
    }
}
