#if canImport(Glibc)
import Glibc
#endif

/// Lines of URL input read one at a time (`getline`), so that a file of millions of URLs is enqueued in
/// constant memory. `name` says where lines come from in error messages ("jobs/site.txt", "stdin").
public final class URLLineSource {
    public let name: String
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// Physical line number of the last line read, counted from 1.
    public private(set) var lineNumber = 0

    /// Opens `path`, or standard input for "-".
    public init(path: String) throws(EnqueueError) {
        if path == "-" {
            // A stream of our own on fd 0 (the global `stdin` is not concurrency-safe to touch in Swift 6).
            guard let file = fdopen(STDIN_FILENO, "r") else {
                throw .cannotRead(path: "stdin", reason: String(cString: strerror(errno)))
            }
            self.file = file
            self.ownsFile = false
            self.name = "stdin"
        } else {
            guard let file = fopen(path, "r") else {
                throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            self.file = file
            self.ownsFile = true
            self.name = path
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its line ending (LF or CRLF), nil at the end of input.
    public func nextLine() -> String? {
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return nil }
        lineNumber += 1
        var length = count
        let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
        while length > 0 && (bytes[length - 1] == 0x0A || bytes[length - 1] == 0x0D) { length -= 1 }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}
