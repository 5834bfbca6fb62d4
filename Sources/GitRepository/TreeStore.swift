internal import CLibGit2

/// The trees a walk's diffs read, by id, owned here, the least recently used freed beyond a budget.
///
/// Walking newest first, a directory that commit N changed was read as the old side of the
/// diff of the newer commit that last changed it, which is exactly the tree N's new side
/// needs: kept, every tree of the range is read once, where Git (and libgit2's tree iterators)
/// read it twice. libgit2's own cache is told to keep no trees (`LibGit2.initialize`), so it
/// neither holds them until the repository is freed nor pays to index them.
final class TreeStore {
    private let repository: Repository
    // Asked for on the first read, so that starting a walk cannot fail for it.
    private var database: OpaquePointer?
    private var trees: [ObjectID: (object: OpaquePointer, tree: RawTree, used: Int)] = [:]
    private var bytes = 0
    private var generation = 0
    // In bytes of raw tree objects. Measured on the benchmark repository (10,000 commits):
    // 64 to 512 KiB keep the directories a walk keeps changing and are fastest; 8 MiB was
    // 20% slower, from the memory it touches, and no cache at all 13% slower.
    private let budget: Int

    static let defaultBudget = 512 * 1024

    init(repository: Repository, budget: Int) {
        self.repository = repository
        self.budget = budget
    }

    deinit {
        for slot in trees.values { git_odb_object_free(slot.object) }
        if let database { git_odb_free(database) }
    }

    private func odb() throws(GitError) -> OpaquePointer {
        if let database { return database }
        let opened = try repository.objectDatabase()
        database = opened
        return opened
    }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: UnsafeRawBufferPointer) throws(GitError) -> RawTree {
        try tree(ObjectID(id.baseAddress!.assumingMemoryBound(to: git_oid.self)))
    }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: ObjectID) throws(GitError) -> RawTree {
        if let index = trees.index(forKey: id) {
            // Through the index: a second subscript by key would hash the id again.
            trees.values[index].used = generation
            return trees.values[index].tree
        }
        var object: OpaquePointer?
        var oid = id.raw
        try check(git_odb_read(&object, odb(), &oid), "git_odb_read")
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError(code: GIT_ENOTFOUND.rawValue, klass: Int32(GIT_ERROR_INVALID.rawValue),
                           message: "object \(id.hex) is not a tree", function: "git_odb_read")
        }
        let size = git_odb_object_size(object)
        let tree: RawTree
        do {
            tree = try RawTree(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: size))
        } catch {
            git_odb_object_free(object)
            throw error
        }
        trees[id] = (object!, tree, generation)
        bytes += size
        return tree
    }

    /// Starts a diff; frees the least recently used trees when over budget. Only here, so no
    /// tree a diff is still comparing is ever freed under it, and never the last diff's trees,
    /// which the next diff is the most likely to need.
    func nextGeneration() {
        generation += 1
        guard bytes > budget else { return }
        // Down to half the budget, so that the sort this takes runs rarely.
        var byAge = trees.compactMap { $0.value.used < generation - 1 ? (id: $0.key, used: $0.value.used) : nil }
        byAge.sort { $0.used < $1.used }
        for (id, _) in byAge where bytes > budget / 2 {
            guard let slot = trees.removeValue(forKey: id) else { continue }
            bytes -= git_odb_object_size(slot.object)
            git_odb_object_free(slot.object)
        }
    }
}
