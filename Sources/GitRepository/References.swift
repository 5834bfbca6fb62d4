internal import CLibGit2

extension Repository {
    /// The commits that references matching `glob` (e.g. "refs/remotes/origin/*") peel to; non-commits skipped.
    public func referenceTargets(matching glob: String) throws(GitError) -> [ObjectID] {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var seen = Set<ObjectID>()
        var targets: [ObjectID] = []
        try forEachReference(matching: glob) { reference in
            guard let commit = peeledCommit(of: reference, in: odb) else { return }
            let id = ObjectID(commit)
            if seen.insert(id).inserted { targets.append(id) }
        }
        return targets
    }

    /// True when the reference `name` (e.g. "refs/heads/main") exists, even if it dangles.
    public func referenceExists(_ name: String) -> Bool {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, name) == 0 else { return false }
        git_reference_free(reference)
        return true
    }

    /// Calls `body` with every reference whose full name matches `glob` (`*` crosses `/`, as in libgit2),
    /// loose and packed; the reference is only valid during the call.
    func forEachReference(
        matching glob: String,
        _ body: (OpaquePointer) throws(GitError) -> Void
    ) throws(GitError) {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        while true {
            var reference: OpaquePointer?
            let status = git_reference_next(&reference, iterator)
            if status == Status.iterationOver { return }
            try check(status, "git_reference_next")
            defer { git_reference_free(reference) }
            try body(reference!)
        }
    }

    func objectDatabase() throws(GitError) -> OpaquePointer {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        return odb!
    }

    /// The commit a reference ends at, or nil for a non-commit or a broken reference.
    ///
    /// Reads as little as possible, since a repository can hold thousands of tags: packed-refs
    /// already stores the peeled id of an annotated tag (`git_reference_target_peel`), and for a
    /// loose reference the object header tells a commit from a tag without parsing either.
    func peeledCommit(of reference: OpaquePointer, in odb: OpaquePointer) -> git_oid? {
        guard let direct = Repository.resolved(reference) else { return nil }
        defer { if direct != reference { git_reference_free(direct) } }
        guard let target = git_reference_target(direct) else { return nil }
        if let peeled = git_reference_target_peel(direct) {
            return Repository.objectType(peeled, in: odb) == GIT_OBJECT_COMMIT ? peeled.pointee : nil
        }
        switch Repository.objectType(target, in: odb) {
        case GIT_OBJECT_COMMIT:
            return target.pointee
        case GIT_OBJECT_TAG:
            return fullyPeeledCommit(of: direct)
        default:
            return nil
        }
    }

    /// The id of the object a reference ends at after peeling tags, whatever its type: a packed
    /// annotated tag's peeled id as packed-refs stores it (nothing read), else one object header
    /// to tell a tag object, which is then peeled, from anything else.
    func peeledTarget(of reference: OpaquePointer, in odb: OpaquePointer) -> git_oid? {
        guard let direct = Repository.resolved(reference) else { return nil }
        defer { if direct != reference { git_reference_free(direct) } }
        guard let target = git_reference_target(direct) else { return nil }
        if let peeled = git_reference_target_peel(direct) { return peeled.pointee }
        guard Repository.objectType(target, in: odb) == GIT_OBJECT_TAG else { return target.pointee }
        var object: OpaquePointer?
        guard git_reference_peel(&object, direct, GIT_OBJECT_ANY) == 0 else { return nil }
        defer { git_object_free(object) }
        return git_object_id(object).pointee
    }

    /// `reference` itself when direct, else the direct reference it resolves to (owned by the caller);
    /// nil when it dangles. git_reference_resolve would look a direct reference up again by name.
    static func resolved(_ reference: OpaquePointer) -> OpaquePointer? {
        if git_reference_type(reference) == GIT_REFERENCE_DIRECT { return reference }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0 else { return nil }
        return resolved
    }

    /// Peels through (possibly nested) tag objects; nil when they end at a tree or blob.
    func fullyPeeledCommit(of reference: OpaquePointer) -> git_oid? {
        var object: OpaquePointer?
        guard git_reference_peel(&object, reference, GIT_OBJECT_ANY) == 0 else { return nil }
        defer { git_object_free(object) }
        return git_object_type(object) == GIT_OBJECT_COMMIT ? git_object_id(object).pointee : nil
    }

    /// The type of object `id` from its header only; nil when the object is missing.
    static func objectType(_ id: UnsafePointer<git_oid>, in odb: OpaquePointer) -> git_object_t? {
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard git_odb_read_header(&size, &type, odb, id) == 0 else { return nil }
        return type
    }
}
