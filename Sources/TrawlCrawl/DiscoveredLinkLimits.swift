import Synchronization
import TrawlStore
import TrawlURLs

/// What a discovered link must pass, besides `--follow` and `--max-depth`, to become a job: a URL no
/// longer than the maximum URL length. Longer links are almost always crawler traps (a path or query
/// that grows on every page) and are counted for the run's summary instead of queued.
///
/// Kept apart from the scope rules so that further crawler-trap guards can join it here.
final class DiscoveredLinkLimits: Sendable {
    /// Longest URL queued (`CrawlOptions.maxURLLength`).
    let maxURLLength: Int
    private let tooLongCount = Atomic<Int>(0)

    init(maxURLLength: Int) {
        self.maxURLLength = maxURLLength
    }

    /// Whether `link` may become a job; counts it when not.
    func admits(_ link: NormalizedURL) -> Bool {
        guard link.length <= maxURLLength else {
            tooLongCount.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Links refused so far for being longer than `maxURLLength` (each page's links counted once).
    var tooLong: Int { tooLongCount.load(ordering: .relaxed) }
}

extension ClaimedJob {
    /// The depth of the jobs discovered on this one: its depth + 1, saturating, so that a job stored with
    /// an absurd depth (trawl before 0.2 took any `--depth`, up to Int.max) cannot trap every crawl.
    var depthOfItsLinks: Int { depth < Int.max ? depth + 1 : Int.max }
}
