internal import CLibGit2

/// What a tree entry is, from its Git file mode.
public enum TreeEntryKind: Equatable, Sendable {
    case file, directory, submodule, symlink
}

/// One entry of a directory in a commit's tree.
public struct TreeEntry: Equatable, Sendable {
    /// The entry's name within its directory.
    public let name: String
    /// File, directory, submodule or symlink.
    public let kind: TreeEntryKind

    /// Builds an entry by hand (for test doubles in other modules).
    public init(name: String, kind: TreeEntryKind) {
        self.name = name
        self.kind = kind
    }
}

extension Repository {
    /// The bytes of the file at `path` in `commit`; nil when there is no such path or it is not a regular file.
    public func blob(atPath path: String, in commit: ObjectID) throws(GitError) -> [UInt8]? {
        let path = Repository.treePath(path)
        guard !path.isEmpty else { return nil }
        return try withRootTree(of: commit) { root throws(GitError) -> [UInt8]? in
            guard let entry = try entry(atPath: path, in: root) else { return nil }
            defer { git_tree_entry_free(entry) }
            // A symlink is a blob too, but its bytes are the link's target, not file content.
            let mode = git_tree_entry_filemode(entry)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { return nil }
            var blob: OpaquePointer?
            try check(git_blob_lookup(&blob, handle, git_tree_entry_id(entry)), "git_blob_lookup")
            defer { git_blob_free(blob) }
            let size = Int(clamping: git_blob_rawsize(blob))
            guard size > 0, let bytes = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: size))
        }
    }

    /// The entries of `directory` ("" = root) in `commit`, in Git's tree order; nil when absent or not a directory.
    public func treeEntries(atPath directory: String, in commit: ObjectID) throws(GitError) -> [TreeEntry]? {
        let path = Repository.treePath(directory)
        return try withRootTree(of: commit) { root throws(GitError) -> [TreeEntry]? in
            if path.isEmpty { return Repository.entries(of: root) }
            guard let entry = try entry(atPath: path, in: root) else { return nil }
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
            var tree: OpaquePointer?
            try check(git_tree_lookup(&tree, handle, git_tree_entry_id(entry)), "git_tree_lookup")
            defer { git_tree_free(tree) }
            return Repository.entries(of: tree!)
        }
    }

    /// Calls `body` with the root tree of `commit`, valid only during the call.
    func withRootTree<T>(of commit: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        let tree = try rootTree(of: commit)
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    /// The root tree of `commit`, owned by the caller.
    func rootTree(of commit: ObjectID) throws(GitError) -> OpaquePointer {
        let object = try lookupCommit(commit)
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, object), "git_commit_tree")
        return tree!
    }

    /// The id of `commit`'s root tree, without loading the tree.
    func treeID(of commit: ObjectID) throws(GitError) -> ObjectID {
        let object = try lookupCommit(commit)
        defer { git_commit_free(object) }
        return ObjectID(git_commit_tree_id(object))
    }

    /// The entry at `path` below `tree`, owned by the caller; nil when there is none.
    private func entry(atPath path: String, in tree: OpaquePointer) throws(GitError) -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = git_tree_entry_bypath(&entry, tree, path)
        if status == Status.notFound { return nil }
        try check(status, "git_tree_entry_bypath")
        return entry
    }

    /// Tree paths have no leading or trailing slash; callers may write "services/" or "/".
    private static func treePath(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/"))
    }

    private static func entries(of tree: OpaquePointer) -> [TreeEntry] {
        (0..<git_tree_entrycount(tree)).compactMap { index in
            // Entries by index are borrowed from the tree: not freed here.
            guard let entry = git_tree_entry_byindex(tree, index) else { return nil }
            let kind: TreeEntryKind = switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE: .directory
            case GIT_FILEMODE_COMMIT: .submodule
            case GIT_FILEMODE_LINK: .symlink
            default: .file
            }
            return TreeEntry(name: String(cString: git_tree_entry_name(entry)), kind: kind)
        }
    }
}
