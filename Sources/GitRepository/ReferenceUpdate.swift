internal import CLibGit2

/// The outcome of a compare-and-swap on a reference.
public enum ReferenceUpdate: Equatable, Sendable {
    /// The reference now points at the new commit.
    case updated
    /// Another writer moved (or created, or deleted) the reference since it was read: re-read and retry.
    case changedMeanwhile
    /// Another writer holds `<ref>.lock` right now (or a killed one left it behind).
    case locked
}

extension ReferenceUpdate {
    /// The outcome a failed reference write stands for; any other failure is thrown.
    init(failure status: Int32, function: String) throws(GitError) {
        switch status {
        case GIT_EMODIFIED.rawValue, GIT_EEXISTS.rawValue, Status.notFound: self = .changedMeanwhile
        case GIT_ELOCKED.rawValue: self = .locked
        default: throw GitError.last(code: status, function: function)
        }
    }
}

extension Repository {
    /// The object a direct reference points at, nil when the reference does not exist.
    public func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var reference: OpaquePointer?
        let status = git_reference_lookup(&reference, handle, name)
        if status == Status.notFound { return nil }
        try check(status, "git_reference_lookup")
        defer { git_reference_free(reference) }
        guard let target = git_reference_target(reference) else { return nil }
        return ObjectID(target)
    }

    /// Moves `name` to `new` only if it still points at `expected` (nil: only if it does not exist
    /// yet), comparing while holding `<ref>.lock`, so of two concurrent writers exactly one wins
    /// and the other is told, instead of the last writer silently winning.
    public func updateReference(_ name: String, to new: ObjectID, expecting expected: ObjectID?,
                                logMessage: String) throws(GitError) -> ReferenceUpdate {
        guard let expected else { return try createReference(name, to: new, logMessage: logMessage) }
        // libgit2 compares the old value under the lock (refdb_fs write_tail).
        var reference: OpaquePointer?
        var newID = new.raw
        var expectedID = expected.raw
        let status = git_reference_create_matching(&reference, handle, name, &newID, 1, &expectedID, logMessage)
        if status == 0 {
            git_reference_free(reference)
            return .updated
        }
        return try ReferenceUpdate(failure: status, function: "git_reference_create_matching")
    }

    /// Creates `name` only if it does not exist. libgit2 1.5 checks that a new reference is absent
    /// before it takes the lock (`git_reference_create` with force 0), so two creators racing could
    /// both succeed and one of them be overwritten; here the lock is taken first (a transaction)
    /// and the absence checked while holding it, as Git's `update-ref` does.
    private func createReference(_ name: String, to new: ObjectID, logMessage: String) throws(GitError) -> ReferenceUpdate {
        var transaction: OpaquePointer?
        try check(git_transaction_new(&transaction, handle), "git_transaction_new")
        // Freeing a transaction that was not committed releases its lock unchanged.
        defer { git_transaction_free(transaction) }
        let locked = git_transaction_lock_ref(transaction, name)
        if locked < 0 { return try ReferenceUpdate(failure: locked, function: "git_transaction_lock_ref") }
        var existing: OpaquePointer?
        let lookup = git_reference_lookup(&existing, handle, name)
        if lookup == 0 {
            git_reference_free(existing)
            return .changedMeanwhile
        }
        if lookup != Status.notFound { try check(lookup, "git_reference_lookup") }
        var newID = new.raw
        try check(git_transaction_set_target(transaction, name, &newID, nil, logMessage), "git_transaction_set_target")
        let committed = git_transaction_commit(transaction)
        if committed < 0 { return try ReferenceUpdate(failure: committed, function: "git_transaction_commit") }
        return .updated
    }

    /// Where libgit2 and Git lock the reference `name` while updating it.
    public func lockPath(ofReference name: String) -> String {
        commonDirectory + "/" + name + ".lock"
    }
}
