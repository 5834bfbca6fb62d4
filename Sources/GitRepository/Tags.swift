internal import CLibGit2

/// A tag and the object it stands for.
public struct TagInfo: Equatable, Sendable {
    /// Short name, e.g. "v1.2.3".
    public let name: String
    /// The id of the object the tag peels to: a commit for any release tag, a tree or blob for
    /// the odd tag of one (which then never equals a commit id); nil when the tag is broken.
    /// Packed tags take it from packed-refs, as `git tag --points-at` does, without opening objects.
    public let target: ObjectID?

    /// Builds a tag by hand (for test doubles in other modules).
    public init(name: String, target: ObjectID?) {
        self.name = name
        self.target = target
    }
}

extension Repository {
    /// Every tag under refs/tags, loose and packed, sorted by name.
    public func tags() throws(GitError) -> [TagInfo] {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var tags: [TagInfo] = []
        try forEachReference(matching: "refs/tags/*") { reference in
            let name = Repository.shortName(git_reference_name(reference), dropping: "refs/tags/")
            tags.append(TagInfo(name: name, target: peeledTarget(of: reference, in: odb).map { ObjectID($0) }))
        }
        return tags.sorted { $0.name < $1.name }
    }

    /// Short names of the tags that peel to `commit`, sorted by name.
    public func tags(pointingAt commit: ObjectID) throws(GitError) -> [String] {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var wanted = commit.raw
        var names: [String] = []
        try forEachReference(matching: "refs/tags/*") { reference in
            if pointsAt(reference, &wanted, odb: odb) {
                names.append(Repository.shortName(git_reference_name(reference), dropping: "refs/tags/"))
            }
        }
        return names.sorted()
    }

    /// Compares ids before reading anything: a lightweight tag is its target, a packed annotated tag
    /// carries its peeled id, and only a loose annotated tag needs its tag object opened.
    private func pointsAt(_ reference: OpaquePointer, _ commit: UnsafePointer<git_oid>, odb: OpaquePointer) -> Bool {
        guard let direct = Repository.resolved(reference) else { return false }
        defer { if direct != reference { git_reference_free(direct) } }
        guard let target = git_reference_target(direct) else { return false }
        if git_oid_equal(target, commit) == 1 { return true }
        if let peeled = git_reference_target_peel(direct) { return git_oid_equal(peeled, commit) == 1 }
        guard Repository.objectType(target, in: odb) == GIT_OBJECT_TAG,
              var peeled = fullyPeeledCommit(of: direct) else { return false }
        return git_oid_equal(&peeled, commit) == 1
    }
}
