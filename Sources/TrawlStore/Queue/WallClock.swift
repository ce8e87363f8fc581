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

    /// "2026-11-25T07:37:31.123Z", the form `fetched_at` and the other TEXT times use (`gmtime_r`). Written
    /// digit by digit into the string's storage: every page gets one.
    public static func iso8601(_ time: Double) -> String {
        var seconds = time_t(time.rounded(.down))
        let millis = min(999, max(0, Int((time - Double(seconds)) * 1000)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = min(9999, max(0, Int(parts.tm_year) + 1900))
        return String(unsafeUninitializedCapacity: 24) { out in
            var index = 0
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    out[index] = UInt8(ascii: "0") + UInt8((value / divisor) % 10)
                    index += 1
                    divisor /= 10
                }
            }
            func mark(_ character: Unicode.Scalar) {
                out[index] = UInt8(ascii: character)
                index += 1
            }
            digits(year, 4); mark("-"); digits(Int(parts.tm_mon) + 1, 2); mark("-"); digits(Int(parts.tm_mday), 2)
            mark("T"); digits(Int(parts.tm_hour), 2); mark(":"); digits(Int(parts.tm_min), 2); mark(":")
            digits(Int(parts.tm_sec), 2); mark("."); digits(millis, 3); mark("Z")
            return index
        }
    }
}
