internal import CLibGit2

extension Repository {
    /// The local branches (short names) whose tip is `commit`. Git's "apply" rebase backend runs
    /// the `post-rewrite` hook while HEAD is detached and before the branch moves, and keeps the
    /// branch's name nowhere on disk: the branch whose tip is still the pre-rebase commit is it.
    public func branches(pointingAt commit: ObjectID) throws(GitError) -> [String] {
        var names: [String] = []
        try forEachReference(matching: "refs/heads/*") { reference in
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT,
                  let target = git_reference_target(reference), ObjectID(target) == commit else { return }
            names.append(Repository.shortName(git_reference_name(reference), dropping: "refs/heads/"))
        }
        return names
    }
}

extension Repository {
    /// True while Git's "apply" rebase backend is at work (`rebase-apply/rebasing` exists).
    public var isApplyBackendRebase: Bool {
        git_repository_state(handle) == Int32(GIT_REPOSITORY_STATE_REBASE.rawValue)
    }
}
