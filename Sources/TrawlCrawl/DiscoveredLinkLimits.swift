import TrawlStore
import TrawlURLs

/// What a discovered link must pass, besides `--follow` and `--max-depth`, to become a job: a URL no
/// longer than the maximum URL length. Longer links are almost always crawler traps (a path or query
/// that grows on every page) and are counted for the run's summary (`links_not_queued`) instead of queued.
///
/// Kept apart from the scope rules so that further crawler-trap guards can join it here.
struct DiscoveredLinkLimits: Sendable {
    /// Longest URL queued (`CrawlOptions.maxURLLength`).
    let maxURLLength: Int

    /// Why `link` may not become a job, or nil when it may.
    func refusal(of link: NormalizedURL) -> LinkDropReason? {
        link.length > maxURLLength ? .urlTooLong : nil
    }
}

extension ClaimedJob {
    /// The depth of the jobs discovered on this one: its depth + 1, saturating, so that a job stored with
    /// an absurd depth (trawl before 0.2 took any `--depth`, up to Int.max) cannot trap every crawl.
    var depthOfItsLinks: Int { depth < Int.max ? depth + 1 : Int.max }
}
