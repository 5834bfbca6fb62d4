internal import CLibGit2

extension Repository {
    /// A value from the repository's effective config (system, global, local, worktree), nil if unset.
    public func configString(_ key: String) throws(GitError) -> String? {
        // git_config_get_string only hands out strings from a snapshot (libgit2 ≥ 0.23).
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let status = git_config_get_string(&value, config, key)
        if status == Status.notFound { return nil }
        try check(status, "git_config_get_string")
        return value.map { String(cString: $0) }
    }
}
