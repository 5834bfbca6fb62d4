internal import CLibGit2

extension Repository {
    /// True when `ancestor` is reachable from `descendant`, or equal to it (like `git merge-base --is-ancestor`).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        // libgit2 answers 0 for a commit and itself; Git's --is-ancestor says yes.
        if ancestor == descendant { return true }
        var commit = descendant.raw
        var base = ancestor.raw
        let status = git_graph_descendant_of(handle, &commit, &base)
        try check(status, "git_graph_descendant_of")
        return status == 1
    }

    /// How many commits `local` has that `upstream` lacks, and the reverse (`git rev-list --left-right --count`).
    public func aheadBehind(local: ObjectID, upstream: ObjectID) throws(GitError) -> (ahead: Int, behind: Int) {
        var ahead = 0
        var behind = 0
        var localID = local.raw
        var upstreamID = upstream.raw
        try check(git_graph_ahead_behind(&ahead, &behind, handle, &localID, &upstreamID), "git_graph_ahead_behind")
        return (ahead, behind)
    }
}
