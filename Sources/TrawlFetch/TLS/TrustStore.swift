import TrawlSync
internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// The CAs a connector trusts, resolved once when it starts, and set on every request (a reset easy handle
/// forgets them).
///
/// Three sources, as an OpenSSL user expects them:
/// - the system store: libcurl's compiled-in CURLOPT_CAINFO / CURLOPT_CAPATH (Debian:
///   /etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs). libcurl sets them explicitly, which hides
///   OpenSSL's own `SSL_CERT_FILE` / `SSL_CERT_DIR` variables; so when those are set (and not empty) they
///   replace the file and the directory here, as they would in `openssl s_client`;
/// - `--ca-cert FILE`, which adds to the system store (CURLOPT_CAINFO alone would replace the CA file).
///
/// How curl is given them matters for speed: curl 7.88 builds a new X509 store for every TLS connection, and
/// loading a CA *file* parses all of it each time (the 140 CAs of Debian's bundle: about 40 ms of CPU per
/// connection on the loaded benchmark machine; the CA cache of curl 7.87+, CURLOPT_CA_CACHE_TIMEOUT, keeps
/// only a store made from a file with no CA directory). A hashed CA *directory* is read lazily: OpenSSL opens only the issuer a chain needs.
/// So when neither variable is set and curl's default directory is hashed (`openssl rehash`, as Debian's
/// update-ca-certificates keeps /etc/ssl/certs, with the same CAs as the bundle), the connector trusts the
/// directory alone, plus the `--ca-cert` file (a few certificates) as CURLOPT_CAINFO. Otherwise it gives curl
/// one bundle, the system file followed by the user's certificates, in an unlinked temporary file named
/// through /proc/self/fd (it disappears with the process, however it ends), and the directory as it is.
final class TrustStore: Sendable {
    /// CURLOPT_CAINFO for every request; nil: curl's default, or none when `dropsDefaultFile`.
    let caFile: String?
    /// CURLOPT_CAPATH for every request; nil leaves curl's default.
    let caDirectory: String?
    let verifies: Bool
    /// The system store is curl's default hashed directory alone: no CA file unless `--ca-cert` gives one.
    let dropsDefaultFile: Bool
    /// The open descriptor of the combined bundle, closed once the connector is done.
    private let bundleDescriptor: ThreadLock<Int32?>

    init(_ options: TLSOptions, environment: @Sendable (String) -> String? = TrustStore.environment)
        throws(CACertificateError)
    {
        verifies = options.verifyCertificates
        let systemFile = environment("SSL_CERT_FILE")
        let systemDirectory = environment("SSL_CERT_DIR")
        let info = LibcurlInfo.current
        let extra = options.verifyCertificates ? options.caCertificates : nil
        if let extra { _ = try CACertificateFile.read(extra) }
        if systemFile == nil, systemDirectory == nil, let directory = info.defaultCADirectory,
           Self.isHashedDirectory(directory) {
            caDirectory = directory
            caFile = extra
            dropsDefaultFile = true
            bundleDescriptor = ThreadLock(nil)
            return
        }
        caDirectory = systemDirectory
        dropsDefaultFile = false
        guard let extra else {
            caFile = systemFile
            bundleDescriptor = ThreadLock(nil)
            return
        }
        var bundle = (systemFile ?? info.defaultCAFile).flatMap(Self.contents) ?? []
        if !bundle.isEmpty && bundle.last != UInt8(ascii: "\n") { bundle.append(UInt8(ascii: "\n")) }
        bundle += try CACertificateFile.read(extra)
        let descriptor = try Self.unlinkedFile(holding: bundle, for: extra)
        caFile = "/proc/self/fd/\(descriptor)"
        bundleDescriptor = ThreadLock(descriptor)
    }

    /// Whether `path` is a directory of CA certificates named by subject hash (`5ad8a5d6.0`), which is
    /// what OpenSSL's directory lookup (X509_LOOKUP_hash_dir) needs.
    static func isHashedDirectory(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let parts = name.split(separator: ".")
            if parts.count == 2, parts[0].count == 8, parts[0].allSatisfy(\.isHexDigit),
               !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) {
                return true
            }
        }
        return false
    }

    deinit { close() }

    /// Sets the trust options on a request's (freshly reset) easy handle.
    func apply(to easy: CurlEasy) {
        guard verifies else {
            easy.set(CURLOPT_SSL_VERIFYPEER, false)
            easy.set(CURLOPT_SSL_VERIFYHOST, 0)
            return
        }
        if let caFile {
            easy.set(CURLOPT_CAINFO, caFile)
        } else if dropsDefaultFile {
            easy.set(CURLOPT_CAINFO, pointer: nil)
        }
        if let caDirectory { easy.set(CURLOPT_CAPATH, caDirectory) }
    }

    /// Closes the bundle's descriptor (the file goes with it). Call once no request can start any more.
    func close() {
        if let descriptor = bundleDescriptor.withLock({ value -> Int32? in defer { value = nil }; return value }) {
            _ = Glibc.close(descriptor)
        }
    }

    /// A variable of the process environment; nil when unset or empty (OpenSSL ignores an empty one too).
    static let environment: @Sendable (String) -> String? = { name in
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The whole file, or nil when it cannot be read (no system bundle: the directory may still serve).
    private static func contents(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        return readToEnd(file)
    }

    /// A temporary file holding `bytes`, already unlinked, kept open (close-on-exec) for /proc/self/fd.
    private static func unlinkedFile(holding bytes: [UInt8], for path: String) throws(CACertificateError) -> Int32 {
        let directory = environment("TMPDIR") ?? "/tmp"
        var template = Array((directory + "/trawl-ca-bundle-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw .missing(path: path, reason: "cannot write the CA bundle in \(directory): \(String(cString: strerror(errno)))")
        }
        unlink(template)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)  // not handed to child processes
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else {
                let reason = String(cString: strerror(errno))
                _ = Glibc.close(descriptor)
                throw .missing(path: path, reason: "cannot write the CA bundle in \(directory): \(reason)")
            }
            offset += written
        }
        return descriptor
    }
}
