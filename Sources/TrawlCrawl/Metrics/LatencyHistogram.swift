import TrawlSync

/// A histogram of durations with fixed bucket bounds, in seconds, for the commit and claim latencies.
///
/// One `observe` per claim or per commit (a commit carries a whole group of pages), never per page: a
/// `ThreadLock` around a few integers costs tens of nanoseconds against the milliseconds of the transaction
/// it measures. Counts are kept per bucket and made cumulative only when a scrape reads them.
public final class LatencyHistogram: Sendable {
    /// From half a millisecond (a claim on an idle SQLite file) to ten seconds (a commit that waited for
    /// a lock held elsewhere): the range Prometheus's default buckets cover, one step finer at the bottom.
    public static let defaultBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                 1, 2.5, 5, 10]

    private struct Counts {
        var perBucket: [Int]
        var sum = 0.0
        var count = 0
    }

    public let upperBounds: [Double]
    private let counts: ThreadLock<Counts>

    /// `upperBounds` ascending; a value above the last falls in the implicit `+Inf` bucket.
    public init(upperBounds: [Double] = LatencyHistogram.defaultBounds) {
        self.upperBounds = upperBounds
        counts = ThreadLock(Counts(perBucket: [Int](repeating: 0, count: upperBounds.count + 1)))
    }

    /// Counts one duration, in seconds.
    public func observe(_ seconds: Double) {
        let bucket = upperBounds.firstIndex { seconds <= $0 } ?? upperBounds.count
        counts.withLock {
            $0.perBucket[bucket] += 1
            $0.sum += seconds
            $0.count += 1
        }
    }

    /// The counts now, cumulative as the exposition format wants them.
    public var snapshot: HistogramSnapshot {
        let now = counts.withLock { $0 }
        var running = 0
        let cumulative = now.perBucket.prefix(upperBounds.count).map { running += $0; return running }
        return HistogramSnapshot(upperBounds: upperBounds, cumulativeCounts: cumulative, sum: now.sum, count: now.count)
    }
}

/// A histogram read at one moment: for each bound, how many observations were at most that bound.
public struct HistogramSnapshot: Sendable, Equatable {
    public var upperBounds: [Double]
    /// One per bound, non-decreasing; the `+Inf` bucket is `count`.
    public var cumulativeCounts: [Int]
    public var sum: Double
    public var count: Int

    public init(upperBounds: [Double], cumulativeCounts: [Int], sum: Double, count: Int) {
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.sum = sum
        self.count = count
    }
}
