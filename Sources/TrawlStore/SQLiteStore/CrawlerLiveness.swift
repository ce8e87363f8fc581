#if canImport(Glibc)
import Glibc
#endif

/// Whether a registered crawler process is gone, decided the same way by the crawl (which takes its jobs
/// back) and by `trawl status` (which says so): a crawler on this machine is gone when its PID no longer
/// exists (`kill(pid, 0)` fails with ESRCH) or now belongs to a process started after the crawler
/// registered (the PID was reused; start time from /proc/PID/stat); a crawler on another machine is gone
/// once its heartbeat is older than the lease timeout.
struct CrawlerLiveness {
    let machineName: String
    let now: Double
    let staleAfter: Double

    /// One row of the `crawlers` table.
    struct Crawler {
        var id: Int64
        var pid: Int32
        var hostname: String
        /// Unix seconds of `started_at`.
        var startedAt: Double
        var heartbeatAt: Double
    }

    func isGone(_ crawler: Crawler) -> Bool {
        crawler.heartbeatAt < now - staleAfter || processIsGone(crawler)
    }

    /// Whether the crawler's process is known to have ended (only a process on this machine can be): it can
    /// send nothing more, so its host leases may end at once. A merely silent crawler may be paused, not
    /// dead: its host leases expire on their own, on its own terms.
    func processIsGone(_ crawler: Crawler) -> Bool {
        guard crawler.hostname == machineName else { return false }
        if kill(crawler.pid, 0) == -1 && errno == ESRCH { return true }
        // A process that started clearly after the crawler registered is another one with the same PID.
        if let started = Self.processStartTime(crawler.pid), started > crawler.startedAt + 2 { return true }
        return false
    }

    /// The `crawlers` rows, with `started_at` as Unix seconds.
    static func crawlers(_ connection: SQLiteConnection) throws -> [Crawler] {
        let rows = try connection.statement("""
            SELECT id, pid, hostname, (julianday(started_at) - 2440587.5) * 86400, heartbeat_at FROM crawlers
            """)
        defer { rows.reset() }
        return try rows.rows {
            Crawler(id: Int64($0.int(at: 0)), pid: Int32(truncatingIfNeeded: $0.int(at: 1)),
                    hostname: $0.text(at: 2) ?? "", startedAt: $0.double(at: 3), heartbeatAt: $0.double(at: 4))
        }
    }

    /// When process `pid` started, in Unix seconds: field 22 of /proc/PID/stat (clock ticks since boot)
    /// plus the boot time (`btime` of /proc/stat). Nil where /proc cannot tell.
    static func processStartTime(_ pid: Int32) -> Double? {
        guard let stat = readFile("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may itself hold spaces and parentheses: state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        guard let boot = readFile("/proc/stat")?.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
                .flatMap({ Double($0.dropFirst(6).trimmingPrefix(" ")) }) else { return nil }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard perSecond > 0 else { return nil }
        return boot + ticks / perSecond
    }

    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
