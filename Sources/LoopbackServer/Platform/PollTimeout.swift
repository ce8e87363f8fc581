/// Converts seconds to `poll(2)`'s millisecond timeout.
///
/// Rounds up so that a short remaining wait never becomes a 0 ms busy poll, and caps each wait so that
/// a thread re-checks its deadline at least once a second, whatever happens to the stop signal.
enum PollTimeout {
    static let maximumSlice = 1.0

    static func milliseconds(_ seconds: Double?) -> Int32 {
        let slice = min(max(seconds ?? maximumSlice, 0), maximumSlice)
        return Int32((slice * 1000).rounded(.up))
    }
}
