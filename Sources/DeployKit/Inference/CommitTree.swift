import GitRepository

/// Read access to the tree of the commit being deployed; detection reads only what it needs.
public struct CommitTree {
    public let repository: Repository
    public let commit: ObjectID

    public init(repository: Repository, commit: ObjectID) {
        self.repository = repository
        self.commit = commit
    }

    /// Entries of a directory ("" is the root), nil when it does not exist.
    public func entries(_ directory: String) throws -> [TreeEntry]? {
        try repository.treeEntries(atPath: directory, in: commit)
    }

    /// A file's bytes, nil when there is no such regular file (a symlink is not read). One larger
    /// than `limit` is an error, found from the object's header before it is inflated.
    public func file(_ path: String, limit: Int = InputLimits.inspectedFileBytes) throws -> [UInt8]? {
        guard let info = try repository.entryInfo(atPath: path, in: commit), info.kind == .file else { return nil }
        guard info.size <= limit else {
            throw DeployError.badInput("\(commit.short):\(path) is \(info.size) bytes; git-deploy reads at most \(limit) bytes of a file it inspects",
                                       hint: "see README \"Limits and trust\"")
        }
        return try repository.blob(atPath: path, in: commit)
    }
}
