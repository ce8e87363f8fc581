import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

extension ExitCode {
    /// The output file could not be created or written (sysexits' EX_IOERR).
    static let cannotWriteOutput = ExitCode(74)
}

/// Standard output or a file, written through a 64 KiB buffer with `write(2)`, so that an export of
/// millions of rows makes few system calls and holds only one buffer in memory.
final class OutputFile {
    /// What could not be written, and where.
    struct Failure: Error, CustomStringConvertible {
        let name: String
        let reason: String
        var description: String { "cannot write \(name): \(reason)" }
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let name: String
    private var buffer: [UInt8] = []
    private static let capacity = 64 * 1024

    /// Standard output when `path` is nil or "-", else the file, created or truncated (mode 0644).
    init(path: String?) throws(Failure) {
        if let path, path != "-" {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw Failure(name: path, reason: String(cString: strerror(errno))) }
            descriptor = fd
            ownsDescriptor = true
            name = path
        } else {
            descriptor = STDOUT_FILENO
            ownsDescriptor = false
            name = "standard output"
        }
        buffer.reserveCapacity(Self.capacity)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    func write(_ text: String) throws(Failure) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Writes out the buffer; `write(2)` may take it in parts.
    func flush() throws(Failure) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(name: name, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
