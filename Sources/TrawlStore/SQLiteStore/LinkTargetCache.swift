/// The ids of recently seen `link_targets`, so that most links of a page (site navigation repeats on every
/// page, and a target is linked from a dozen pages on average) cost no lookup, only their `page_links` row.
///
/// A direct-mapped table of fixed size (3 MiB at the default 131,072 slots), whatever the length of the crawl:
/// a URL overwrites whatever shared its slot. Each slot holds a 128-bit keyed fingerprint of the URL (two
/// SipHash values under this process's random seed) instead of the URL: no string is kept or compared, and a
/// page cannot craft a collision to have its links recorded under another URL. Two URLs meeting on all 128
/// bits is not an event a crawl will see. Confined to the store's queue, like the connection.
final class LinkTargetCache {
    private struct Slot {
        var first: UInt64 = 0
        var second: UInt64 = 0
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
        let (first, second) = Self.fingerprint(url)
        let index = Int(truncatingIfNeeded: first) & mask
        let slot = slots[index]
        if slot.id != 0 && slot.first == first && slot.second == second { return slot.id }
        // Most misses are new URLs: try the insert first, and look the id up only when the URL was there.
        // (Not `RETURNING id`: SQLite collects RETURNING rows in a temporary table, which costs more here
        // than the insert itself.)
        let id: Int64
        if try connection.run("INSERT INTO link_targets (url) VALUES (?) ON CONFLICT (url) DO NOTHING", .text(url)) == 1 {
            id = connection.lastInsertRowID
        } else {
            id = try connection.scalar("SELECT id FROM link_targets WHERE url = ?", .text(url))?.integer ?? 0
        }
        slots[index] = Slot(first: first, second: second, id: id)
        return id
    }

    /// Forgets every id (after a rollback, the ids handed out in the transaction may not exist).
    func removeAll() {
        for index in slots.indices { slots[index] = Slot() }
    }

    private static func fingerprint(_ url: String) -> (UInt64, UInt64) {
        var first = Hasher()
        first.combine(url)
        var second = Hasher()
        second.combine(0x5472_6177_6C21 as UInt64)  // any fixed prefix: a second, independent hash
        second.combine(url)
        return (UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())))
    }
}
