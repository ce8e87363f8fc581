#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time as the database stores it: Unix seconds (REAL) for arithmetic, ISO 8601 UTC text for people.
public enum WallClock {
    /// Seconds since the Unix epoch (`clock_gettime(CLOCK_REALTIME)`).
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// "2026-11-25T07:37:31.123Z", the form `fetched_at` and the other TEXT times use (`gmtime_r`).
    public static func iso8601(_ time: Double) -> String {
        var seconds = time_t(time.rounded(.down))
        let millis = Int((time - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
