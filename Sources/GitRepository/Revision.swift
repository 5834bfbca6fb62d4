internal import CLibGit2

extension Repository {
    /// Resolves a revision ("HEAD~3", "v1.0.0", a hex id, "refs/heads/x") and peels it to a commit,
    /// with libgit2's revision syntax (`git_revparse_single`).
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }
}
