#if canImport(Glibc)
import Glibc
#endif

/// `TRAWL_METRICS_WAIT_FOR_SCRAPE=SECONDS`: after the crawl, `trawl crawl --metrics` keeps serving until one
/// more scrape has been answered, at most SECONDS, so that a crawl shorter than Prometheus's scrape interval
/// (or a test) still gets its final counts read. Unset: the process exits as soon as the crawl ends.
enum MetricsScrapeWait {
    static let variable = "TRAWL_METRICS_WAIT_FOR_SCRAPE"

    /// The seconds to wait (0 to 3600), nil when unset or not a number.
    static func seconds() -> Double? {
        guard let text = getenv(variable).map({ String(cString: $0) }), let seconds = Double(text),
              seconds > 0 else { return nil }
        return min(seconds, 3600)
    }
}
