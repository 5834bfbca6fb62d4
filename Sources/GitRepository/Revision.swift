internal import CLibGit2

extension Repository {
    /// Resolves a revision ("HEAD~3", "v1.0.0", a hex id, "refs/heads/x") and peels it to a commit.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        if let (base, generations) = Repository.ancestorSyntax(revision),
           let id = try? firstParentAncestor(of: revisionCommit(base), generations: generations) {
            return id
        }
        return try revisionCommit(revision)
    }

    private func revisionCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// `BASE~N` with a plain BASE (a ref name, a hex id, HEAD): nothing in it that revparse
    /// would read as more syntax, so resolving BASE and going N first parents back means
    /// exactly what revparse would make of the whole.
    private static func ancestorSyntax(_ revision: String) -> (base: String, generations: Int)? {
        guard let tilde = revision.utf8.lastIndex(of: UInt8(ascii: "~")) else { return nil }
        let base = revision.utf8[..<tilde]
        let digits = revision.utf8[revision.utf8.index(after: tilde)...]
        guard !base.isEmpty, !digits.isEmpty, digits.count <= 9,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              !base.contains(where: { "~^:{}@\\ ".utf8.contains($0) }),
              let generations = Int(String(decoding: digits, as: UTF8.self)), generations > 0 else { return nil }
        return (String(decoding: base, as: UTF8.self), generations)
    }

    /// `commit`'s ancestor `generations` first parents back, or nil when that is not
    /// simply there (a root commit on the way, a missing object, a commit of an unusual
    /// shape): revparse then says why.
    ///
    /// Why not revparse: it parses every commit on the way in full through libgit2, and a
    /// commit walk over the same range then reads each one again. The commits read here are
    /// kept by the object store until the walk takes them: `A~10000..A` reads each commit
    /// once, as `git log` does.
    private func firstParentAncestor(of commit: ObjectID, generations: Int) throws(GitError) -> ObjectID? {
        let objects = try objects()
        var id = commit
        for _ in 0..<generations {
            let raw = try objects.read(id)
            guard raw.kind == .commit, let parsed = ParsedCommit(raw.bytes), let parent = parsed.parents.first else { return nil }
            objects.keep(raw, parsed: parsed, as: id)
            id = parent
        }
        return id
    }
}
