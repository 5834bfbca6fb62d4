internal import CLibGit2

/// The file paths that differ between two trees, as `git diff-tree -r --no-renames --name-only`
/// lists them (full paths, depth first in Git's tree order, deleted paths included).
///
/// Why not `git_diff_tree_to_tree`: libgit2's tree iterators expand every subtree of both
/// sides, so each diff costs as much as the whole tree (3.5 s for 10,000 commits of a
/// 3,000-file repository, against 0.2 s for `git log --name-only`). Like Git, this skips a
/// subtree whose id is unchanged, so a diff costs only the directories that changed, and it
/// never loads a blob.
struct TreeDiff {
    private let trees: TreeStore
    private(set) var paths: [String] = []

    init(trees: TreeStore) { self.trees = trees }

    /// Adds the paths that differ between `old` and `new` (nil = the empty tree) below `prefix`.
    mutating func compare(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String = "") throws(GitError) {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var oldIndex = 0
        var newIndex = 0
        // Both entry lists are sorted in Git's order (a tree sorts as if its name ended in "/"),
        // which is the order git_tree_entry_cmp defines, so one merge pass pairs them up.
        while oldIndex < oldCount || newIndex < newCount {
            let before = oldIndex < oldCount ? git_tree_entry_byindex(old, oldIndex) : nil
            let after = newIndex < newCount ? git_tree_entry_byindex(new, newIndex) : nil
            guard let before else {
                newIndex += 1
                if let after { try addAll(below: after, prefix: prefix) }
                continue
            }
            guard let after else {
                oldIndex += 1
                try addAll(below: before, prefix: prefix)
                continue
            }
            let order = git_tree_entry_cmp(before, after)
            if order < 0 {
                oldIndex += 1
                try addAll(below: before, prefix: prefix)
            } else if order > 0 {
                newIndex += 1
                try addAll(below: after, prefix: prefix)
            } else {
                oldIndex += 1
                newIndex += 1
                try compareMatched(before, after, prefix: prefix)
            }
        }
    }

    /// Two entries of the same name and the same tree-ness.
    private mutating func compareMatched(_ before: OpaquePointer, _ after: OpaquePointer, prefix: String) throws(GitError) {
        let sameMode = git_tree_entry_filemode(before) == git_tree_entry_filemode(after)
        if sameMode && TreeDiff.equal(git_tree_entry_id(before), git_tree_entry_id(after)) { return }
        let path = prefix + TreeDiff.name(of: after)
        guard git_tree_entry_type(after) == GIT_OBJECT_TREE else {
            paths.append(path)
            return
        }
        let oldTree = try trees.tree(git_tree_entry_id(before))
        let newTree = try trees.tree(git_tree_entry_id(after))
        try compare(oldTree, newTree, prefix: path + "/")
    }

    /// An entry on one side only: the entry itself, or every file below it when it is a directory.
    private mutating func addAll(below entry: OpaquePointer, prefix: String) throws(GitError) {
        let path = prefix + TreeDiff.name(of: entry)
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
            paths.append(path)
            return
        }
        try compare(nil, trees.tree(git_tree_entry_id(entry)), prefix: path + "/")
    }

    /// Most entries of a changed directory are unchanged, so this runs for nearly every entry
    /// visited; comparing the 20 bytes inline is measurably cheaper than calling git_oid_equal.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<git_oid>, _ b: UnsafePointer<git_oid>) -> Bool {
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        return left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self)
            && left.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            && left.loadUnaligned(fromByteOffset: 16, as: UInt32.self) == right.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
    }

    /// Names are bytes in Git; invalid UTF-8 is repaired.
    private static func name(of entry: OpaquePointer) -> String {
        String(cString: git_tree_entry_name(entry))
    }
}

/// The trees a walk's diffs read, by id, owned here, the least recently used freed beyond a budget.
///
/// Walking newest first, a directory that commit N changed was read as the old side of the
/// diff of the newer commit that last changed it, which is exactly the tree N's new side
/// needs: kept, every tree of the range is read once, where Git (and libgit2's tree iterators)
/// read it twice. libgit2's own cache is told to keep no trees (`LibGit2.initialize`), so it
/// neither holds them until the repository is freed nor pays to index them.
final class TreeStore {
    private let repository: OpaquePointer
    private var trees: [ObjectID: (tree: OpaquePointer, used: Int)] = [:]
    // Entries held, a proxy for memory (about 100 bytes each with the raw object libgit2 keeps).
    private var entries = 0
    private var generation = 0
    // Measured on the benchmark repository (10,000 commits): 5,000 to 20,000 entries keep the
    // directories a walk keeps changing and are fastest; 250,000 was 20% slower than 10,000,
    // from the memory it touches, and no cache 13% slower.
    private let budget: Int

    init(repository: OpaquePointer, budget: Int = 10_000) {
        self.repository = repository
        self.budget = budget
    }

    deinit { for slot in trees.values { git_tree_free(slot.tree) } }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: UnsafePointer<git_oid>) throws(GitError) -> OpaquePointer {
        try tree(ObjectID(id))
    }

    /// The tree `id`, valid until the next diff starts (`nextGeneration`).
    func tree(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        if let slot = trees[id] {
            if slot.used != generation { trees[id] = (slot.tree, generation) }
            return slot.tree
        }
        var tree: OpaquePointer?
        var oid = id.raw
        try check(git_tree_lookup(&tree, repository, &oid), "git_tree_lookup")
        trees[id] = (tree!, generation)
        entries += git_tree_entrycount(tree)
        return tree!
    }

    /// Starts a diff; frees the least recently used trees when over budget. Only here, so no
    /// tree a diff is still comparing is ever freed under it, and never the last diff's trees,
    /// which the next diff is the most likely to need.
    func nextGeneration() {
        generation += 1
        guard entries > budget else { return }
        // Down to half the budget, so that the sort this takes runs rarely.
        var byAge = trees.compactMap { $0.value.used < generation - 1 ? (id: $0.key, used: $0.value.used) : nil }
        byAge.sort { $0.used < $1.used }
        for (id, _) in byAge where entries > budget / 2 {
            guard let slot = trees.removeValue(forKey: id) else { continue }
            entries -= git_tree_entrycount(slot.tree)
            git_tree_free(slot.tree)
        }
    }
}
