internal import CLibGit2

extension Repository {
    /// Whether tracked files differ from HEAD, in the index or the work tree (what
    /// `git describe --dirty` calls dirty): untracked files and submodules do not count.
    ///
    /// Files outside a sparse checkout (index entries marked skip-worktree) are absent from the
    /// work tree on purpose; git ignores them, but libgit2 1.5's status reports them deleted, so
    /// a work-tree-only change to such an entry does not count here either.
    public func hasUncommittedChanges() throws(GitError) -> Bool {
        guard !isBare else { return false }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle, &options), "git_status_list_new")
        defer { git_status_list_free(list) }
        let count = git_status_list_entrycount(list)
        guard count > 0 else { return false }

        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        defer { git_index_free(index) }
        let indexChanges = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue | GIT_STATUS_INDEX_DELETED.rawValue
            | GIT_STATUS_INDEX_RENAMED.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue
        let skipWorktree = UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
        for position in 0..<count {
            guard let entry = git_status_byindex(list, position) else { continue }
            if entry.pointee.status.rawValue & indexChanges != 0 { return true }
            guard let path = entry.pointee.index_to_workdir?.pointee.old_file.path,
                  let indexEntry = git_index_get_bypath(index, path, 0),
                  indexEntry.pointee.flags_extended & skipWorktree != 0 else { return true }
        }
        return false
    }
}
