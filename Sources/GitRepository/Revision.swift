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
    /// simply there (a root commit on the way, a missing object): revparse then says why.
    ///
    /// Why not revparse: it parses every commit on the way in full and caches it parsed, and a
    /// commit walk over the same range then inflates each one again (libgit2's revwalk reads raw
    /// objects, which a parsed cache entry does not serve). Reading the raw commit here leaves it
    /// cached raw, so the walk and `CommitInfo` take it from memory: `A~10000..A` reads each
    /// commit once instead of twice, as `git log` does.
    private func firstParentAncestor(of commit: ObjectID, generations: Int) throws(GitError) -> ObjectID? {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var oid = commit.raw
        for _ in 0..<generations {
            var object: OpaquePointer?
            try check(git_odb_read(&object, odb, &oid), "git_odb_read")
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object),
                  let parent = Repository.firstParent(UnsafeRawBufferPointer(start: data, count: git_odb_object_size(object)))
            else { return nil }
            oid = parent
        }
        return ObjectID(oid)
    }

    /// The first `parent` header of a raw commit, which Git writes right after the `tree` line.
    private static func firstParent(_ commit: UnsafeRawBufferPointer) -> git_oid? {
        let tree = "tree ".utf8.count + 40 + 1
        let parent = "parent ".utf8.count
        guard commit.count > tree + parent + 40, commit.starts(with: "tree ".utf8),
              commit[tree - 1] == UInt8(ascii: "\n"),
              commit[tree...].starts(with: "parent ".utf8),
              commit[tree + parent + 40] == UInt8(ascii: "\n") else { return nil }
        var oid = git_oid()
        let hex = commit.baseAddress!.advanced(by: tree + parent).assumingMemoryBound(to: CChar.self)
        guard git_oid_fromstrn(&oid, hex, 40) == 0 else { return nil }
        return oid
    }
}
