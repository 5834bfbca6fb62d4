internal import CLibGit2

extension Repository {
    /// The first commit of `start`'s history, newest first as `git log` walks it, that `accepts`
    /// takes — leaving out `hiding`'s history and `start` itself. Only ids are read (no commit is
    /// parsed for its message), which is what finding the nearest tag needs. nil when none is
    /// accepted; a shallow clone's missing history ends the search.
    /// - Parameter limit: the most commits looked at; nil walks the whole history.
    public func firstAncestor(of start: ObjectID, hiding: ObjectID?, limit: Int? = nil,
                              where accepts: (ObjectID) -> Bool) throws(GitError) -> ObjectID? {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_NONE.rawValue), "git_revwalk_sorting")
        var startID = start.raw
        try check(git_revwalk_push(walker, &startID), "git_revwalk_push")
        if let hiding, !hiding.isZero {
            var hidden = hiding.raw
            let status = git_revwalk_hide(walker, &hidden)
            // A commit we do not have hides nothing.
            if status != Status.notFound { try check(status, "git_revwalk_hide") }
        }
        var looked = 0
        while limit.map({ looked < $0 }) ?? true {
            looked += 1
            var oid = git_oid()
            let status = git_revwalk_next(&oid, walker)
            if status == Status.iterationOver || status == Status.notFound { return nil }
            try check(status, "git_revwalk_next")
            let id = ObjectID(oid)
            if id != start, accepts(id) { return id }
        }
        return nil
    }
}
