#if canImport(Glibc)
import Glibc
#endif
import TrawlCrawl
import TrawlURLs

/// The enqueue line reader (`URLLineSource`, the public entry point `trawl enqueue --file` uses) and the
/// URL check each line gets, on arbitrary bytes.
///
/// The input is written to a file in /dev/shm (the reader's public API takes a path) and read back to the
/// end. Checks beyond "does not crash": no more lines than the input has line breaks plus one, line numbers
/// count up by one from 1, and no line returned still ends in CR or LF.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnqueueLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = "/dev/shm/trawl-fuzz-lines-\(getpid()).txt"
    guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
    if size > 0 { fwrite(data, 1, size, file) }
    fclose(file)
    defer { unlink(path) }

    guard let source = try? URLLineSource(path: path) else { fatalError("cannot read \(path) back") }
    let breaks = UnsafeBufferPointer(start: data, count: size).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    var count = 0
    while let line = source.nextLine() {
        count += 1
        guard source.lineNumber == count, count <= breaks + 1 else {
            fatalError("line \(source.lineNumber) after \(count) lines, \(breaks) line breaks")
        }
        if let last = line.utf8.last, last == 0x0A || last == 0x0D { fatalError("line ending kept") }
        _ = try? NormalizedURL(parsing: line)
    }
    return 0
}
