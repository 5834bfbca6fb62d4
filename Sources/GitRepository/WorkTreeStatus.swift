internal import CLibGit2

extension Repository {
    /// Whether tracked files differ from HEAD, in the index or the work tree (what
    /// `git describe --dirty` calls dirty): untracked files and submodules do not count.
    public func hasUncommittedChanges() throws(GitError) -> Bool {
        guard !isBare else { return false }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle, &options), "git_status_list_new")
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) > 0
    }
}
