internal import CLibGit2

extension Repository {
    /// Every value of the config entries whose names match `regex` (libgit2's config regex, as
    /// `git config --get-regexp`), in file order, including multi-valued ones like `remote.*.fetch`.
    public func configEntries(matching regex: String) throws(GitError) -> [(name: String, value: String)] {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try check(git_config_iterator_glob_new(&iterator, config, regex), "git_config_iterator_glob_new")
        defer { git_config_iterator_free(iterator) }
        var entries: [(name: String, value: String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            entries.append((String(cString: current.name), current.value.map { String(cString: $0) } ?? ""))
        }
        return entries
    }
}

/// The libgit2 this process runs with.
public enum GitLibrary {
    /// "1.5.1": the version of the loaded library, not of the headers it was built with.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
