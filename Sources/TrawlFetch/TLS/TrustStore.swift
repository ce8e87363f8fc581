import Synchronization
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
/// - `--ca-cert FILE`, which adds to the system store. CURLOPT_CAINFO *replaces* the CA file (and
///   CURLOPT_CAINFO_BLOB replaces it too, in curl 7.88's `populate_x509_store`), so the connector writes one
///   bundle, the system file followed by the user's certificates, and gives curl that; the system directory
///   still applies through CURLOPT_CAPATH. The bundle lives in an unlinked temporary file named through
///   /proc/self/fd, so that it disappears with the process, however it ends.
///
/// When a CA file is in use and `SSL_CERT_DIR` is not set, curl's compiled-in CA directory is switched off
/// (CURLOPT_CAPATH NULL): curl 7.87+ parses the CA file once and shares the store between every connection of
/// the multi handle (CURLOPT_CA_CACHE_TIMEOUT), but only for a store that comes from a file alone. With the
/// directory too, every new TLS connection parsed the whole bundle again (on Debian its ~140 CAs are the same
/// certificates as the directory's): 4× the CPU per page and twice the memory for a crawl over HTTP/1.1 in
/// the TLS benchmark.
final class TrustStore: Sendable {
    /// CURLOPT_CAINFO for every request; nil leaves curl's default.
    let caFile: String?
    /// CURLOPT_CAPATH for every request; nil: none when `caFile` or curl's default file serves, else curl's default.
    let caDirectory: String?
    /// A CA file serves (ours, SSL_CERT_FILE, or curl's readable default): curl's default directory is dropped.
    private let dropsDefaultDirectory: Bool
    let verifies: Bool
    /// The open descriptor of the combined bundle, closed once the connector is done.
    private let bundleDescriptor: Mutex<Int32?>

    init(_ options: TLSOptions, environment: @Sendable (String) -> String? = TrustStore.environment)
        throws(CACertificateError)
    {
        verifies = options.verifyCertificates
        let systemFile = environment("SSL_CERT_FILE")
        let systemDirectory = environment("SSL_CERT_DIR")
        caDirectory = systemDirectory
        let defaultFile = LibcurlInfo.current.defaultCAFile
        let defaultFileServes = defaultFile.map { access($0, R_OK) == 0 } ?? false
        dropsDefaultDirectory = systemDirectory == nil && (systemFile != nil || defaultFileServes)
        guard options.verifyCertificates, let extra = options.caCertificates else {
            caFile = systemFile
            bundleDescriptor = Mutex(nil)
            return
        }
        let certificates = try CACertificateFile.read(extra)
        var bundle = (systemFile ?? defaultFile).flatMap(Self.contents) ?? []
        if !bundle.isEmpty && bundle.last != UInt8(ascii: "\n") { bundle.append(UInt8(ascii: "\n")) }
        bundle += certificates
        let descriptor = try Self.unlinkedFile(holding: bundle, for: extra)
        caFile = "/proc/self/fd/\(descriptor)"
        bundleDescriptor = Mutex(descriptor)
    }

    deinit { close() }

    /// Sets the trust options on a request's (freshly reset) easy handle.
    func apply(to easy: CurlEasy) {
        guard verifies else {
            easy.set(CURLOPT_SSL_VERIFYPEER, false)
            easy.set(CURLOPT_SSL_VERIFYHOST, 0)
            return
        }
        if let caFile { easy.set(CURLOPT_CAINFO, caFile) }
        if let caDirectory {
            easy.set(CURLOPT_CAPATH, caDirectory)
        } else if dropsDefaultDirectory {
            easy.set(CURLOPT_CAPATH, pointer: nil)
        }
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
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk[0..<count]
            if count < chunk.count { break }
        }
        return ferror(file) == 0 ? bytes : nil
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
