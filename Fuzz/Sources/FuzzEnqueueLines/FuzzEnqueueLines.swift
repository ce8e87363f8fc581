#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TrawlCrawl
import TrawlURLs

/// The enqueue line reader (`URLLineSource`, the public entry point `trawl enqueue --file` uses) and the
/// URL check each line gets, on arbitrary bytes.
///
/// The input is written to a file in /dev/shm (the reader's public API takes a path) and read back to the
/// end. Checks beyond "does not crash": no more lines than the input has line breaks plus one, line numbers
/// count up by one from 1, no line returned holds a line feed, and a line longer than the reader keeps
/// comes back cut (its start, and its whole length) rather than whole.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnqueueLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = "/dev/shm/trawl-fuzz-lines-\(getpid()).txt"
    guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
    if size > 0 { fwrite(data, 1, size, file) }
    fclose(file)
    defer { unlink(path) }

    guard let source = try? URLLineSource(path: path) else { fatalError("cannot read \(path) back") }
    let lines = readAll(source)
    let breaks = UnsafeBufferPointer(start: data, count: size).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    guard lines.count <= breaks + 1 else { fatalError("\(lines.count) lines from \(breaks) line breaks") }
    for (index, line) in lines.enumerated() {
        guard line.number == index + 1 else { fatalError("line \(line.number) is the \(index + 1)th") }
        // LF ends a line; a CR before it goes with it (CRLF). A CR elsewhere is the line's own byte (the URL's
        // whitespace trimming deals with it), so only LF may never be kept.
        if line.bytes.contains(0x0A) { fatalError("line \(line.number) kept a line feed") }
        guard line.bytes.count <= source.maxLineBytes, line.length >= line.bytes.count else {
            fatalError("line \(line.number): \(line.bytes.count) bytes kept of \(line.length)")
        }
        if !line.isCut { _ = try? NormalizedURL(parsing: String(decoding: line.bytes, as: UTF8.self)) }
    }
    return 0
}

/// Every line of `source`: the reader is async (it waits for slow pipes off the cooperative pool), the
/// fuzzer's entry point is not, so this one waits for it on a semaphore.
private func readAll(_ source: URLLineSource) -> [InputLine] {
    final class Lines: @unchecked Sendable { var all: [InputLine] = [] }
    let lines = Lines()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        while let batch = try? await source.nextLines(limit: 1024), !batch.isEmpty { lines.all += batch }
        done.signal()
    }
    done.wait()
    return lines.all
}
