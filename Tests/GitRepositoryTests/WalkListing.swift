import GitRepository

extension CommitWalk {
    /// Every path `commit` changed, in the order the diff lists them.
    func changedPaths(of commit: CommitInfo) throws -> [String] {
        var paths: [String] = []
        try changedPaths(of: commit) { path in
            paths.append(path)
            return true
        }
        return paths
    }
}

/// A walk written out as `git log --format=%H --name-only` prints it: each commit's id followed
/// by its changed paths (sorted), so a walk can be compared with Git's own listing in one `==`.
func listing(of walk: CommitWalk) throws -> [String] {
    var lines: [String] = []
    while let commit = try walk.next() {
        lines.append(commit.id.hex)
        lines += try walk.changedPaths(of: commit).sorted()
    }
    return lines
}

/// The non-empty lines of `git log --format=%H --name-only` output.
func logLines(_ output: String) -> [String] {
    output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
}
