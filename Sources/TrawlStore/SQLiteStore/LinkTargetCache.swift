/// The ids of recently written `link_targets`, so that the links of a page (most of them already known:
/// site navigation repeats on every page) cost one `page_links` insert each instead of a lookup too.
///
/// Bounded: emptied when it reaches `capacity` entries (about 2 MB of URLs at the default). Confined to the
/// store's queue, like the connection.
final class LinkTargetCache {
    private var ids: [String: Int64] = [:]
    private let capacity: Int

    init(capacity: Int = 16_384) {
        self.capacity = capacity
    }

    /// The id of `url` in link_targets, inserted if new.
    func id(of url: String, _ connection: SQLiteConnection) throws -> Int64 {
        if let id = ids[url] { return id }
        let id: Int64
        if let existing = try connection.scalar("SELECT id FROM link_targets WHERE url = ?", .text(url))?.integer {
            id = existing
        } else {
            id = try connection.scalar(
                "INSERT INTO link_targets (url) VALUES (?) RETURNING id", .text(url))?.integer ?? 0
        }
        if ids.count >= capacity { ids.removeAll(keepingCapacity: true) }
        ids[url] = id
        return id
    }

    func removeAll() { ids.removeAll() }
}
