import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `TRAWL_LEASE_TIMEOUT`: seconds after which a silent `trawl crawl` is presumed dead, so that others sharing
/// its database take over its hosts and jobs (default 30). An environment variable rather than a flag: it is
/// tuning, and every process on one database should be given the same value.
enum LeaseTimeoutVariable {
    static let name = "TRAWL_LEASE_TIMEOUT"

    /// The value set, if any; a value that is not a number of seconds from 1 to 3600 is a usage error.
    static func value() throws -> Double? {
        guard let raw = getenv(name).map({ String(cString: $0) }), !raw.isEmpty else { return nil }
        guard let seconds = Double(raw), seconds >= 1, seconds <= 3600 else {
            throw ValidationError("\(name) must be a number of seconds from 1 to 3600, got '\(raw)'")
        }
        return seconds
    }
}
