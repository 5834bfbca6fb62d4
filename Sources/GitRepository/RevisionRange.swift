internal import CLibGit2

extension Repository {
    /// Resolves a revision range as `git rev-list` reads its arguments: `A..B`, `A...B` (the
    /// symmetric difference: both sides, without their merge bases), a single revision (its whole
    /// history), or several words such as `^A B` (`^` leaves a revision's history out). Each
    /// revision may use Git's full syntax (`HEAD~3`, `v25.0.8`, `refs/tags/v1.0.0`, `main^{commit}`),
    /// parsed by libgit2's revparse, and is peeled to a commit.
    /// Errors are worded as Git words them ("ambiguous argument 'x': unknown revision …").
    public func resolveRange(_ text: String) throws(GitError) -> CommitRange {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else {
            throw GitError(code: Status.notFound, klass: 0, message: "ambiguous argument '': unknown revision or path not in the working tree",
                           function: "git_revparse")
        }
        var range = CommitRange(include: [])
        for word in words {
            if word.hasPrefix("^"), word.count > 1, !word.hasPrefix("^{") {
                range.exclude.append(try commit(of: String(word.dropFirst()), word: word))
                continue
            }
            var spec = git_revspec()
            let status = git_revparse(&spec, handle, word)
            guard status >= 0 else { throw Self.unknownRevision(word, status: status) }
            defer {
                git_object_free(spec.from)
                git_object_free(spec.to)
            }
            let from = try spec.from.map { object throws(GitError) in try peeledCommit(object, word: word) }
            let to = try spec.to.map { object throws(GitError) in try peeledCommit(object, word: word) }
            if spec.flags & GIT_REVSPEC_MERGE_BASE.rawValue != 0, let from, let to {
                range.include += [from, to]
                range.exclude += try mergeBases(from, to)
            } else if spec.flags & GIT_REVSPEC_RANGE.rawValue != 0, let from, let to {
                range.include.append(to)
                range.exclude.append(from)
            } else if let from {
                range.include.append(from)
            }
        }
        guard !range.include.isEmpty else {
            // Git lists nothing for only-excluded revisions; a scan of nothing is surely a mistake.
            throw GitError(code: Status.notFound, klass: 0, message: "'\(text)' names no commit to include (only ^excluded ones)",
                           function: "git_revparse")
        }
        return range
    }

    private func commit(of revision: String, word: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        let status = git_revparse_single(&object, handle, revision)
        guard status >= 0, let object else { throw Self.unknownRevision(word, status: status) }
        defer { git_object_free(object) }
        return try peeledCommit(object, word: word)
    }

    private func peeledCommit(_ object: OpaquePointer, word: String) throws(GitError) -> ObjectID {
        var commit: OpaquePointer?
        let status = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        guard status >= 0, let commit else {
            let type = String(cString: git_object_type2string(git_object_type(object)))
            let id = ObjectID(git_object_id(object))
            throw GitError(code: status, klass: 0, message: "object \(id.hex) is a \(type), not a commit (in '\(word)')",
                           function: "git_object_peel")
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    private func mergeBases(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> [ObjectID] {
        var bases = git_oidarray()
        var a = one.raw
        var b = two.raw
        let status = git_merge_bases(&bases, handle, &a, &b)
        if status == Status.notFound { return [] }
        try check(status, "git_merge_bases")
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).map { ObjectID(bases.ids[$0]) }
    }

    /// Git's words for a revision it cannot find (`git log nosuch..HEAD`).
    private static func unknownRevision(_ word: String, status: Int32) -> GitError {
        let detail = GitError.last(code: status, function: "git_revparse")
        return GitError(code: status, klass: detail.klass,
                        message: "ambiguous argument '\(word)': unknown revision or path not in the working tree",
                        function: "git_revparse")
    }
}
