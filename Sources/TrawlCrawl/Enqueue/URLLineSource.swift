import Dispatch
import Synchronization
import TrawlURLs
#if canImport(Glibc)
import Glibc
#endif

/// Lines of URL input read through one fixed buffer, so that a file of millions of URLs, or a single line
/// of a gigabyte, is read in constant memory: of a line longer than `maxLineBytes` only the start and the
/// length are kept, and the rest is skipped up to the next newline. `name` says where lines come from in
/// messages ("jobs/site.txt", "stdin").
///
/// `read(2)` and, between reads, `poll(2)` block, so they run on a serial dispatch queue of this source,
/// never on Swift's cooperative pool; `stop()` ends a wait for input (a slow pipe, a terminal) within
/// `pollSlice`. All mutable state is touched only on that queue, which is what makes the
/// `@unchecked Sendable` sound.
public final class URLLineSource: @unchecked Sendable {
    public let name: String
    /// Bytes kept of one line at most; a longer line is cut (see `InputLine.isCut`).
    public let maxLineBytes: Int
    /// The longest wait in `poll(2)` before the stop flag is looked at again.
    static let pollSlice: Int32 = 100  // milliseconds

    private let descriptor: Int32
    /// Reads standard input ("-"), which this source does not close.
    private let ownsDescriptor: Bool
    public var isStandardInput: Bool { !ownsDescriptor }
    private let queue = DispatchQueue(label: "trawl.enqueue.lines")
    private let stopped = Atomic<Bool>(false)

    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0, end = 0
    private var atEnd = false
    /// The line being read: its kept bytes, its full length so far, whether it has begun, its last byte.
    private var line: [UInt8] = []
    private var lineLength = 0
    private var lineStarted = false
    private var lastByte: UInt8 = 0
    private var lineNumber = 0

    /// The default `maxLineBytes`: the maximum URL length, and room for indentation and a CR.
    public static let defaultMaxLineBytes = NormalizedURL.maxLength + 1024

    /// Opens `path`, or standard input for "-". A missing or unreadable file, and a directory, are refused
    /// here, before anything is read or stored.
    public init(path: String, maxLineBytes: Int = URLLineSource.defaultMaxLineBytes) throws(EnqueueError) {
        self.maxLineBytes = max(1, maxLineBytes)
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            name = "stdin"
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw .cannotOpen(path: path, reason: Self.reason(errno)) }
            descriptor = opened
            ownsDescriptor = true
            name = path
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            if ownsDescriptor { close(descriptor) }
            throw .isDirectory(path: path == "-" ? "stdin" : path)
        }
        line.reserveCapacity(self.maxLineBytes)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Ends the input early: a wait for input returns, and no further line is read. A line read only in
    /// part is dropped, never passed on cut short. Callable from any thread.
    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// Whether `stop()` was called.
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// The next lines, at most `limit`: fewer when reading more would mean waiting for input (so that a
    /// pipe fed slowly is stored as it comes) or after `stop()`; none at the end of the input.
    public func nextLines(limit: Int) async throws(EnqueueError) -> [InputLine] {
        let result: Result<[InputLine], EnqueueError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(EnqueueError) in try self.readLines(limit: limit) })
            }
        }
        return try result.get()
    }

    private func readLines(limit: Int) throws(EnqueueError) -> [InputLine] {
        var lines: [InputLine] = []
        while lines.count < max(1, limit), !isStopped {
            if start < end {
                if let complete = takeFromBuffer() { lines.append(complete) }
                continue
            }
            if atEnd {
                if lineStarted { lines.append(finishLine()) }
                break
            }
            if !lines.isEmpty && !inputReady(waitMilliseconds: 0) { break }
            try fill()
        }
        return lines
    }

    /// Moves buffered bytes into the current line, up to the next LF; returns the line when it ends.
    private func takeFromBuffer() -> InputLine? {
        let (newline, bytesBefore): (Int?, Int) = buffer.withUnsafeBytes { raw in
            let base = raw.baseAddress! + start
            guard let found = memchr(base, 0x0A, end - start) else { return (nil, end - start) }
            let offset = UnsafeRawPointer(found) - base
            return (start + offset, offset)
        }
        if bytesBefore > 0 {
            let keep = min(bytesBefore, maxLineBytes - line.count)
            if keep > 0 { line.append(contentsOf: buffer[start..<start + keep]) }
            lineLength += bytesBefore
            lastByte = buffer[start + bytesBefore - 1]
        }
        lineStarted = true
        guard let newline else {
            start = end
            return nil
        }
        start = newline + 1
        return finishLine()
    }

    /// The current line as read, without its CR; the next one starts empty.
    private func finishLine() -> InputLine {
        lineNumber += 1
        if lineLength > 0, lastByte == 0x0D {
            lineLength -= 1
            if line.count > lineLength { line.removeLast() }
        }
        let finished = InputLine(number: lineNumber, bytes: line, length: lineLength)
        line.removeAll(keepingCapacity: true)
        lineLength = 0
        lineStarted = false
        lastByte = 0
        return finished
    }

    /// Reads the next chunk into the buffer, waiting for input in `pollSlice` steps so that `stop()` is
    /// seen; sets `atEnd` at the end of the input.
    private func fill() throws(EnqueueError) {
        while !isStopped {
            guard inputReady(waitMilliseconds: Self.pollSlice) else { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .cannotRead(path: name, reason: Self.reason(errno))
            }
            start = 0
            end = count
            if count == 0 { atEnd = true }
            return
        }
    }

    /// Whether a read would not block (data, the end of input, or an error to report).
    private func inputReady(waitMilliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, waitMilliseconds)
        return ready != 0  // an error of poll itself: let read(2) report it
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// One physical line of URL input, as read: at most `URLLineSource.maxLineBytes` of it are kept.
public struct InputLine: Sendable, Equatable {
    /// Physical line number, counted from 1.
    public var number: Int
    /// The line's bytes without its line ending (LF or CRLF); only its start when it is cut.
    public var bytes: [UInt8]
    /// The line's whole length in bytes, without the line ending.
    public var length: Int
    /// The line was longer than the source keeps: `bytes` holds only its start.
    public var isCut: Bool { length > bytes.count }

    public init(number: Int, bytes: [UInt8], length: Int) {
        self.number = number
        self.bytes = bytes
        self.length = length
    }
}
