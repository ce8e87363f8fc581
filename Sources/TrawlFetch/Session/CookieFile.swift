#if canImport(Glibc)
import Glibc
#endif

/// Netscape cookie files, the format browsers' export tools and curl (`-c`, `-b`) write: one cookie per
/// line, seven fields separated by tabs — domain, include subdomains (TRUE/FALSE), path, secure (TRUE/FALSE),
/// expiry (Unix seconds, 0 for a session cookie), name, value — with `#` comments, and `#HttpOnly_` before the
/// domain of an HttpOnly cookie (curl's `cookie.c` reads the same).
public enum CookieFile {
    /// The cookie lines of the file at `path`, checked line by line; comments and blank lines left out.
    public static func read(_ path: String) throws(CookieFileError) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: maxBytes)
        } catch {
            throw .unreadable(path, reason: error.reason)
        }
        var cookies: [String] = []
        var number = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = String(decoding: rawLine, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if line.hasPrefix("#") && !line.hasPrefix(httpOnlyPrefix) { continue }
            if let problem = problem(in: line) { throw .malformed(path, line: number, reason: problem) }
            cookies.append(line)
        }
        return cookies
    }

    /// Writes `cookies` (lines as curl lists them, CURLINFO_COOKIELIST) with curl's header, readable by the
    /// owner only (0600): cookies are logins.
    public static func write(_ cookies: [String], to path: String) throws(CookieFileError) {
        var text = """
            # Netscape HTTP Cookie File
            # https://curl.se/docs/http-cookies.html
            # Written by trawl crawl --save-cookies: cookies are logins, keep this file private.


            """
        for cookie in cookies { text += cookie + "\n" }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // An existing file keeps its mode through O_TRUNC: make it private too.
        guard fchmod(descriptor, 0o600) == 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path, reason: String(cString: strerror(errno)))
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Whether `path` can be written later (its folder exists and is writable, and the file if it exists):
    /// checked before a crawl, so that the jar is not lost at the end of a long run.
    public static func checkWritable(_ path: String) throws(CookieFileError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        if access(path, F_OK) == 0 {
            guard access(path, W_OK) == 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
        } else if access(folder, W_OK) != 0 {
            throw .unwritable(path, reason: "folder \(folder): " + String(cString: strerror(errno)))
        }
    }

    /// A cookie file this large is not one.
    static let maxBytes = 64 << 20
    static let httpOnlyPrefix = "#HttpOnly_"

    /// What is wrong with a cookie line, or nil. curl also takes six fields (an empty value).
    static func problem(in line: String) -> String? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 7 || fields.count == 6 else {
            return "\(fields.count) tab-separated field\(fields.count == 1 ? "" : "s"), expected 7 (domain, "
                + "subdomains, path, secure, expiry, name, value)"
        }
        let domain = fields[0].hasPrefix(httpOnlyPrefix) ? fields[0].dropFirst(httpOnlyPrefix.count) : fields[0]
        if domain.isEmpty { return "the domain (field 1) is empty" }
        for index in [1, 3] where !["TRUE", "FALSE"].contains(fields[index].uppercased()) {
            return "field \(index + 1) is '\(fields[index])', expected TRUE or FALSE"
        }
        if !fields[2].hasPrefix("/") { return "the path (field 3) '\(fields[2])' does not start with /" }
        if Int64(fields[4]) == nil { return "the expiry (field 5) '\(fields[4])' is not a number of seconds" }
        if fields[5].isEmpty { return "the cookie name (field 6) is empty" }
        return nil
    }
}

/// A cookie file that cannot be used, naming the file (never a cookie's value).
public enum CookieFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String, reason: String)
    case malformed(String, line: Int, reason: String)
    case unwritable(String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the cookie file \(path): \(reason)"
        case .malformed(let path, let line, let reason):
            "\(path) line \(line) is not a Netscape cookie line: \(reason)"
        case .unwritable(let path, let reason): "cannot write the cookie file \(path): \(reason)"
        }
    }
}

/// Reads a whole file with `open(2)`/`read(2)` (no Foundation in this target).
enum FileBytes {
    struct Failure: Error { let reason: String }

    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(reason: "it is a directory")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { throw Failure(reason: "larger than \(limit >> 20) MiB") }
        }
    }
}
