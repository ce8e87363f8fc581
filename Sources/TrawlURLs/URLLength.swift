extension NormalizedURL {
    /// The longest URL trawl queues: 2,083 characters of the normalized form (which is ASCII, so also
    /// bytes). It is the old Internet Explorer limit that became the web's practical maximum: Scrapy's
    /// `URLLENGTH_LIMIT` defaults to it and sitemaps allow less (2,048). Longer URLs are almost always
    /// crawler traps (a path that grows on every link) or data smuggled into a query, and some servers
    /// answer them with 414. `trawl enqueue` rejects longer lines without reading them into memory, and
    /// a crawl counts longer discovered links instead of queueing them.
    public static let maxLength = 2083

    /// The length of `string` in bytes (it is ASCII, so also in characters).
    public var length: Int { string.utf8.count }
}
