internal import Glibc

/// Every libc call of trawl-bench: files, directories, clocks, output.
enum Platform {
    /// The whole file (`open`, `fstat`, `read`).
    static func readFile(_ path: String) throws(BenchError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .file(path: path, reason: errnoText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .file(path: path, reason: errnoText()) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .file(path: path, reason: count == 0 ? "file shrank" : errnoText()) }
            filled += count
        }
        return bytes
    }

    /// Paths (relative to `root`) of every regular file under `root`, sorted (`opendir`, `readdir`).
    static func files(under root: String) throws(BenchError) -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : "\(root)/\(relative)"
            guard let directory = opendir(path) else { throw .file(path: path, reason: errnoText()) }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : "\(relative)/\(name)"
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): pending.append(child)
                case Int32(DT_REG): found.append(child)
                default: break
                }
            }
        }
        return found.sorted()
    }

    /// CPU time of the calling thread, in seconds (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`).
    static func threadCPUTime() -> Double { clock(CLOCK_THREAD_CPUTIME_ID) }
    /// CPU time of the process, in seconds (`clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`): SQLite runs on
    /// this thread only, but counts everything.
    static func processCPUTime() -> Double { clock(CLOCK_PROCESS_CPUTIME_ID) }
    /// Monotonic wall time, in seconds.
    static func now() -> Double { clock(CLOCK_MONOTONIC) }

    /// `stat`'s size, nil when the file is missing.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    static func removeFile(_ path: String) {
        unlink(path)
    }

    private static func clock(_ id: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(id, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Human text on stderr, the JSON result on stdout.
enum Console {
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }

    static func error(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
