internal import CLibGit2

/// Where HEAD points.
public enum HeadState: Equatable, Sendable {
    /// On a branch (short name, e.g. "release/2.0") that has a commit.
    case branch(name: String, commit: ObjectID)
    /// HEAD holds a commit id directly.
    case detached(commit: ObjectID)
    /// A branch with no commit yet (fresh `git init`).
    case unborn(branch: String)
}

extension Repository {
    /// Reads HEAD; a corrupt HEAD is a `GitError`.
    public func head() throws(GitError) -> HeadState {
        var head: OpaquePointer?
        try check(git_reference_lookup(&head, handle, "HEAD"), "git_reference_lookup")
        defer { git_reference_free(head) }

        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC else {
            return .detached(commit: ObjectID(git_reference_target(head)))
        }
        let branch = Repository.shortName(git_reference_symbolic_target(head), dropping: "refs/heads/")
        var resolved: OpaquePointer?
        let status = git_reference_resolve(&resolved, head)
        if status == Status.notFound { return .unborn(branch: branch) }
        try check(status, "git_reference_resolve")
        defer { git_reference_free(resolved) }
        // A resolved reference is direct, so its target is non-null.
        return .branch(name: branch, commit: ObjectID(git_reference_target(resolved)))
    }

    /// A reference name without `prefix`; names are bytes in Git, so invalid UTF-8 is repaired.
    static func shortName(_ name: UnsafePointer<CChar>?, dropping prefix: String) -> String {
        guard let name else { return "" }
        let full = String(cString: name)
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }
}
