/// Objects that served as delta bases, by where they start in their pack, the least recently
/// used dropped beyond a byte budget (Git's `core.deltaBaseCacheLimit`, libgit2's pack cache).
///
/// A chain of deltas is resolved from its full base outwards, and every step is the base of the
/// next: kept, the neighbours a walk reads next (the older or newer version of the same tree)
/// cost one delta, not the whole chain again.
final class DeltaBaseCache {
    private var entries = HashTable<Int, (object: RawObject, used: Int)>()
    private var bytes = 0
    private var clock = 0
    private let budget: Int

    init(budget: Int) { self.budget = budget }

    /// The key of `offset` in pack number `pack` (pack numbers below 1024, offsets below 2^53).
    static func key(pack: Int, offset: Int) -> Int { offset << 10 | pack }

    func object(_ key: Int) -> RawObject? {
        clock += 1
        let clock = clock
        return entries.modify(key) { entry in
            entry.used = clock
            return entry.object
        }
    }

    func insert(_ object: RawObject, _ key: Int) {
        guard object.bytes.count <= budget / 4, entries[key] == nil else { return }
        clock += 1
        entries[key] = (object, clock)
        bytes += object.bytes.count
        if bytes > budget { evict() }
    }

    /// Drops the older half of the entries by time of last use: two passes over the table and
    /// no sort, which, with a budget a scan fills every few hundred commits, cost 3% of it.
    private func evict() {
        var oldest = clock
        entries.forEach { _, entry in oldest = min(oldest, entry.used) }
        let threshold = oldest + (clock - oldest) / 2
        var dropped: [Int] = []
        entries.forEach { key, entry in
            if entry.used <= threshold { dropped.append(key) }
        }
        for key in dropped {
            if let entry = entries.removeValue(forKey: key) { bytes -= entry.object.bytes.count }
        }
    }
}
