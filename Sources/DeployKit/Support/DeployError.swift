import Foundation
import GitRepository

/// Every failure a user can act on, mapped to the exit codes of DESIGN §5 in one place. It keeps
/// the error it was made from (`cause`), so that what a person reads and what a test or caller
/// inspects are both there.
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
        /// git-deploy could not write one of its own files (`.deployment_config`, a metrics file,
        /// a lock, `.git/deploy/…`): disk full, permission denied, read-only file system, something
        /// else in the way. Exit 7: the input was fine, the machine was not.
        case ioFailure
        /// Something that should not happen: exit 1.
        case internalFault
    }

    public let kind: Kind
    /// What failed, naming the file, line, ref or key.
    public let message: String
    /// How to fix it, when there is something to say.
    public let hint: String?
    /// The error this one was made from (a `GitError`, a `POSIXError`, …), when there was one.
    public let cause: (any Error & Sendable)?

    public init(_ kind: Kind, _ message: String, hint: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.cause = cause
    }

    public static func badInput(_ message: String, hint: String? = nil, cause: (any Error & Sendable)? = nil) -> DeployError {
        DeployError(.badInput, message, hint: hint, cause: cause)
    }

    public var exitCode: Int32 {
        switch kind {
        case .badInput: return 2
        case .blocked: return 3
        case .handlerFailed: return 4
        case .verificationFailed: return 5
        case .notRecorded: return 6
        case .ioFailure: return 7
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
        let cause = error as? GitError
        guard let cause, cause.isObjectDamage else {
            return .badInput("cannot \(what): \(error)", cause: cause)
        }
        return .badInput("cannot \(what): \(error)",
                         hint: "the repository's objects look damaged or missing: git fsck names them; a fresh clone (or git fetch from a good copy) restores them",
                         cause: cause)
    }

    /// Runs a repository read, turning libgit2's error into a bad-input error that says what was being read.
    static func reading<T>(_ what: String, _ body: () throws -> T) throws(DeployError) -> T {
        do {
            return try body()
        } catch let error as DeployError {
            throw error
        } catch {
            throw DeployError.repositoryRead(what, error)
        }
    }

    /// A write of one of git-deploy's own files failed with `errno` (exit 7).
    static func writing(_ path: String, errno code: Int32, hint: String? = nil) -> DeployError {
        let reason = String(cString: strerror(code))
        let fix = hint ?? "check that \(path) can be written: free disk space, the directory's permissions, a read-only mount, or something else in its place"
        return DeployError(.ioFailure, "cannot write \(path): \(reason)", hint: fix,
                           cause: POSIXErrorCode(rawValue: code).map { POSIXError($0) })
    }
}
