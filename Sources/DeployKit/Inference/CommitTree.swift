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

    /// A file's bytes, nil when there is no such file.
    public func file(_ path: String) throws -> [UInt8]? {
        try repository.blob(atPath: path, in: commit)
    }
}
