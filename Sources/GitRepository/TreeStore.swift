/// The trees a walk's diffs read, by id, the least recently used dropped beyond a budget.
///
/// Walking newest first, a directory that commit N changed was read as the old side of the
/// diff of the newer commit that last changed it, which is exactly the tree N's new side
/// needs: kept, every tree of the range is read once, where Git (and libgit2's tree iterators)
/// read it twice.
final class TreeStore {
    private let objects: ObjectStore
    private var trees = HashTable<ObjectID, (tree: RawTree, used: Int)>()
    private var bytes = 0
    private var generation = 0
    // In bytes of raw tree objects. Measured on the benchmark repository (10,000 commits):
    // 64 to 512 KiB keep the directories a walk keeps changing and are fastest; 8 MiB was
    // 20% slower, from the memory it touches, and no cache at all 13% slower.
    let budget: Int

    static let defaultBudget = 512 * 1024

    init(objects: ObjectStore, budget: Int) {
        self.objects = objects
        self.budget = budget
    }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: UnsafeRawBufferPointer) throws(GitError) -> RawTree {
        try tree(ObjectID(bytes: id))
    }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: ObjectID) throws(GitError) -> RawTree {
        let generation = generation
        if let tree = trees.modify(id, { slot in
            slot.used = generation
            return slot.tree
        }) { return tree }
        let object = try objects.read(id)
        guard object.kind == .tree else { throw RawTree.notATree(id) }
        let tree = try RawTree(object)
        trees[id] = (tree, generation)
        bytes += object.bytes.count
        return tree
    }

    /// Starts a diff; drops the least recently used trees when over budget. Only here, so no
    /// tree a diff is still comparing is ever dropped under it, and never the last diff's trees,
    /// which the next diff is the most likely to need.
    func nextGeneration() {
        generation += 1
        guard bytes > budget else { return }
        // Down to half the budget, so that the sort this takes runs rarely.
        var byAge: [(id: ObjectID, used: Int)] = []
        trees.forEach { id, slot in
            if slot.used < generation - 1 { byAge.append((id, slot.used)) }
        }
        byAge.sort { $0.used < $1.used }
        for (id, _) in byAge where bytes > budget / 2 {
            guard let slot = trees.removeValue(forKey: id) else { continue }
            bytes -= slot.tree.bytes.count
        }
    }
}
