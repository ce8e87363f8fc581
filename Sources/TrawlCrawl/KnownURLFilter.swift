import TrawlSync

/// A bounded memory of URLs this process already knows are in the queue, so that the links of a page that
/// are already jobs (most of them, on any real site) skip the database instead of costing an insert each.
///
/// A direct-mapped cache of 64-bit hashes: a fixed array whatever the size of the crawl (2 MiB for the
/// default 262,144 slots), where a new URL overwrites whatever hashed to its slot. Forgetting only costs a
/// redundant `INSERT … ON CONFLICT DO NOTHING`; a false "known" needs two different URLs with the same
/// 64-bit hash, which a crawl will not meet.
final class KnownURLFilter: Sendable {
    private let slots: ThreadLock<[UInt64]>
    private let mask: Int

    /// `capacity` is rounded up to a power of two.
    init(capacity: Int = 1 << 18) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = ThreadLock([UInt64](repeating: 0, count: size))
        mask = size - 1
    }

    /// Keeps the URLs not known yet, and remembers them all.
    func keepUnknown<T>(_ items: [T], url: (T) -> String) -> [T] {
        let hashes = items.map { Self.hash(url($0)) }
        let mask = self.mask
        let isNew = slots.withLock { slots in
            hashes.map { hash in
                let slot = Int(truncatingIfNeeded: hash) & mask
                defer { slots[slot] = hash }
                return slots[slot] != hash
            }
        }
        return zip(items, isNew).compactMap { $1 ? $0 : nil }
    }

    /// Whether `url` is remembered, without remembering it.
    func contains(_ url: String) -> Bool {
        let hash = Self.hash(url)
        return slots.withLock { $0[Int(truncatingIfNeeded: hash) & mask] == hash }
    }

    /// Remembers one URL as known.
    func remember(_ url: String) {
        let hash = Self.hash(url)
        slots.withLock { $0[Int(truncatingIfNeeded: hash) & mask] = hash }
    }

    private static func hash(_ url: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(url)
        let value = UInt64(bitPattern: Int64(hasher.finalize()))
        return value == 0 ? 1 : value  // 0 marks an empty slot
    }
}
