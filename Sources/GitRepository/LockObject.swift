internal import CLibGit2

/// The objects and references behind a remote environment lock (`refs/deploy/locks/<env>`): a
/// parentless commit of the empty tree whose message describes the holder, made here and
/// published with the user's own `git push`; and the local copy of the remote's lock ref, which is
/// deleted before each fetch so that "absent after the fetch" means "absent on the remote".
extension Repository {
    /// A commit with no parents and the empty tree, carrying `message`; moves no reference.
    /// Every call makes a new object (the message names the time and the process), so the id
    /// doubles as the lock's compare-and-swap token.
    public func createLockCommit(message: String, identity: Identity) throws(GitError) -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, handle, nil), "git_treebuilder_new")
        defer { git_treebuilder_free(builder) }
        var empty = git_oid()
        try check(git_treebuilder_write(&empty, builder), "git_treebuilder_write")
        return try createCommit(tree: empty, parents: [], identity: identity, message: message)
    }

    /// The message of commit `id` when its object is at most `limit` bytes; nil when it is larger,
    /// missing or not a commit. A lock commit is written by whoever can push the lock ref: its
    /// size is checked from the object header before anything is read.
    public func smallCommitMessage(_ id: ObjectID, limit: Int) throws(GitError) -> String? {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_INVALID
        var oid = id.raw
        guard git_odb_read_header(&size, &type, odb, &oid) == 0, type == GIT_OBJECT_COMMIT, size <= limit else { return nil }
        return try commit(id).message
    }

    /// Deletes the reference `name`; nothing happens when it does not exist.
    public func deleteReference(_ name: String) throws(GitError) {
        var reference: OpaquePointer?
        let status = git_reference_lookup(&reference, handle, name)
        if status == Status.notFound { return }
        try check(status, "git_reference_lookup")
        defer { git_reference_free(reference) }
        let deleted = git_reference_delete(reference)
        if deleted != Status.notFound { try check(deleted, "git_reference_delete") }
    }
}
