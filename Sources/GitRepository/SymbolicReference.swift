internal import CLibGit2

extension Repository {
    /// The reference a symbolic reference points to ("refs/remotes/origin/HEAD" →
    /// "refs/remotes/origin/main"); nil when `name` does not exist or is not symbolic.
    public func symbolicTarget(of name: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, name) == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(reference) else { return nil }
        return String(cString: target)
    }

    /// The commit the reference `name` (a full name, symbolic or direct, tags peeled) leads to;
    /// nil when it does not exist, dangles, or ends at something other than a commit.
    public func commit(ofReference name: String) -> ObjectID? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, name) == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard let direct = Repository.resolved(reference!) else { return nil }
        defer { if direct != reference { git_reference_free(direct) } }
        return fullyPeeledCommit(of: direct).map { ObjectID($0) }
    }
}
