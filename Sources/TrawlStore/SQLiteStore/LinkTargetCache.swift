/// The ids of recently seen `link_targets`, so that most links of a page (site navigation repeats on every
/// page, and a target is linked from a dozen pages on average) cost no lookup, only their `page_links` row.
///
/// A direct-mapped table of fixed size (2 MiB at the default 131,072 slots), whatever the length of the crawl:
/// a URL overwrites whatever shared its slot. Each slot holds the URL's 64-bit keyed hash (SipHash under this
/// process's random seed) instead of the URL: no string is kept or compared, and a page cannot craft a
/// collision to have its links recorded under another URL. A lookup is wrong only if the URL in its slot has
/// the same 64 bits: one chance in 2^64 per lookup, not an event a crawl will see. Confined to the store's
/// queue, like the connection.
final class LinkTargetCache {
    private struct Slot {
        var hash: UInt64 = 0
        var id: Int64 = 0
    }

    private var slots: [Slot]
    private let mask: Int

    /// `capacity` is rounded up to a power of two.
    init(capacity: Int = 1 << 17) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The id of `url` in link_targets, inserted if new.
    func id(of url: String, _ connection: SQLiteConnection) throws -> Int64 {
        var hasher = Hasher()
        hasher.combine(url)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let index = Int(truncatingIfNeeded: hash) & mask
        let slot = slots[index]
        if slot.id != 0 && slot.hash == hash { return slot.id }
        // Most misses are new URLs: try the insert first, and look the id up only when the URL was there.
        // (Not `RETURNING id`: SQLite collects RETURNING rows in a temporary table, which costs more here
        // than the insert itself.)
        let id: Int64
        if try connection.run("INSERT INTO link_targets (url) VALUES (?) ON CONFLICT (url) DO NOTHING", .text(url)) == 1 {
            id = connection.lastInsertRowID
        } else {
            id = try connection.scalar("SELECT id FROM link_targets WHERE url = ?", .text(url))?.integer ?? 0
        }
        slots[index] = Slot(hash: hash, id: id)
        return id
    }

    /// Forgets every id (after a rollback, the ids handed out in the transaction may not exist).
    func removeAll() {
        for index in slots.indices { slots[index] = Slot() }
    }
}
