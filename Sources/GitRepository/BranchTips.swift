internal import CLibGit2

/// A branch (local or remote-tracking) and the commit it points at.
public struct BranchTip: Sendable, Equatable {
    /// The full reference name: `refs/heads/release-2.3`, `refs/remotes/origin/release-2.3`.
    public let reference: String
    public let commit: ObjectID

    public init(reference: String, commit: ObjectID) {
        self.reference = reference
        self.commit = commit
    }
}

extension Repository {
    /// The branches under `refs/heads/` and `refs/remotes/` whose full names `include` accepts,
    /// with their commits. `include` sees the name before any object is read, so listing the
    /// release branches of a repository with thousands of refs reads only those few.
    public func branchTips(where include: (String) -> Bool) throws(GitError) -> [BranchTip] {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var tips: [BranchTip] = []
        for glob in ["refs/heads/*", "refs/remotes/*"] {
            try forEachReference(matching: glob) { reference in
                let name = String(cString: git_reference_name(reference))
                guard include(name), let commit = peeledCommit(of: reference, in: odb) else { return }
                tips.append(BranchTip(reference: name, commit: ObjectID(commit)))
            }
        }
        return tips
    }

    /// The best common ancestor of two commits (`git merge-base A B`), nil when they share none.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
        var base = git_oid()
        var a = one.raw
        var b = two.raw
        let status = git_merge_base(&base, handle, &a, &b)
        if status == Status.notFound { return nil }
        try check(status, "git_merge_base")
        return ObjectID(base)
    }
}
