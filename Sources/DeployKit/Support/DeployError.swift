import GitRepository

/// Every failure a user can act on, mapped to the exit codes of DESIGN §5 in one place.
public struct DeployError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not a repository, bad config, unknown environment, no route: exit 2.
        case badInput
        /// A gate or a target validation said no: exit 3.
        case blocked
        /// The handler or backup failed or timed out: exit 4.
        case handlerFailed
        /// Verification failed: exit 5.
        case verificationFailed
        /// The deployment ran (its handler was dispatched) but its history entry could not be
        /// written: exit 6, so that CI does not read it as "did not deploy" and deploy again.
        case notRecorded
        /// Something that should not happen: exit 1.
        case internalFault
    }

    public let kind: Kind
    /// What failed, naming the file, line, ref or key.
    public let message: String
    /// How to fix it, when there is something to say.
    public let hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public static func badInput(_ message: String, hint: String? = nil) -> DeployError {
        DeployError(.badInput, message, hint: hint)
    }

    public var exitCode: Int32 {
        switch kind {
        case .badInput: return 2
        case .blocked: return 3
        case .handlerFailed: return 4
        case .verificationFailed: return 5
        case .notRecorded: return 6
        case .internalFault: return 1
        }
    }

    public var description: String {
        hint.map { "\(message)\nhint: \($0)" } ?? message
    }
}

extension DeployError {
    /// A failed repository read: "cannot WHAT: libgit2's error". libgit2 says what it could not
    /// read but not why; when an object is damaged or missing, `git fsck` names it, so say so.
    static func repositoryRead(_ what: String, _ error: any Error) -> DeployError {
        guard let error = error as? GitError, error.isObjectDamage else {
            return .badInput("cannot \(what): \(error)")
        }
        return .badInput("cannot \(what): \(error)",
                         hint: "the repository's objects look damaged or missing: git fsck names them; a fresh clone (or git fetch from a good copy) restores them")
    }
}
