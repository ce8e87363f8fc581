import Foundation
import TrawlSync

/// Counts how many handler calls run at the same time, across servers (a test's view of "in flight").
final class ConcurrencyGauge: Sendable {
    private let state = ThreadLock((current: 0, peak: 0))

    /// Counts one call in flight for `seconds`.
    func measure(for seconds: Double) {
        state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) }
        usleep(useconds_t(seconds * 1_000_000))
        state.withLock { $0.current -= 1 }
    }

    var peak: Int { state.withLock { $0.peak } }
}
