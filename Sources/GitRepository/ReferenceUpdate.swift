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
    /// yet). libgit2 compares the old value while holding `<ref>.lock`, so of two concurrent writers
    /// exactly one wins and the other is told, instead of the last writer silently winning.
    public func updateReference(_ name: String, to new: ObjectID, expecting expected: ObjectID?,
                                logMessage: String) throws(GitError) -> ReferenceUpdate {
        var reference: OpaquePointer?
        var newID = new.raw
        let status: Int32
        if let expected {
            var expectedID = expected.raw
            status = git_reference_create_matching(&reference, handle, name, &newID, 1, &expectedID, logMessage)
        } else {
            status = git_reference_create_matching(&reference, handle, name, &newID, 0, nil, logMessage)
        }
        if status == 0 {
            git_reference_free(reference)
            return .updated
        }
        switch status {
        case GIT_EMODIFIED.rawValue, GIT_EEXISTS.rawValue, Status.notFound: return .changedMeanwhile
        case GIT_ELOCKED.rawValue: return .locked
        default: throw GitError.last(code: status, function: "git_reference_create_matching")
        }
    }

    /// Where libgit2 and Git lock the reference `name` while updating it.
    public func lockPath(ofReference name: String) -> String {
        commonDirectory + "/" + name + ".lock"
    }
}
