internal import CLibGit2

/// What a path in a commit's tree is, and how large, found without reading its content.
public struct TreeEntryInfo: Equatable, Sendable {
    public let kind: TreeEntryKind
    /// The object's size in bytes (from its header: a blob is not inflated to learn it).
    public let size: Int
}

extension Repository {
    /// The kind and size of the entry at `path` in `commit`; nil when there is no such path.
    /// Why: a file someone committed is size-checked before `blob(atPath:in:)` inflates it (a few
    /// KB of zlib can hold gigabytes), and a symlink can be told from a missing file.
    public func entryInfo(atPath path: String, in commit: ObjectID) throws(GitError) -> TreeEntryInfo? {
        let path = String(path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/"))
        guard !path.isEmpty else { return nil }
        return try withRootTree(of: commit) { root throws(GitError) -> TreeEntryInfo? in
            var entry: OpaquePointer?
            let status = git_tree_entry_bypath(&entry, root, path)
            if status == Status.notFound { return nil }
            try check(status, "git_tree_entry_bypath")
            defer { git_tree_entry_free(entry) }
            let kind: TreeEntryKind = switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE: .directory
            case GIT_FILEMODE_COMMIT: .submodule
            case GIT_FILEMODE_LINK: .symlink
            default: .file
            }
            // A submodule's id names a commit of another repository: nothing here to measure.
            guard kind != .submodule else { return TreeEntryInfo(kind: kind, size: 0) }
            var odb: OpaquePointer?
            try check(git_repository_odb(&odb, handle), "git_repository_odb")
            defer { git_odb_free(odb) }
            var size = 0
            var type = GIT_OBJECT_INVALID
            try check(git_odb_read_header(&size, &type, odb, git_tree_entry_id(entry)), "git_odb_read_header")
            return TreeEntryInfo(kind: kind, size: size)
        }
    }
}
