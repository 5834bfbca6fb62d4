import Foundation

/// Everything one `git deploy` did, stage by stage (DESIGN §1: gates → hand-off → dispatch →
/// verify → record), for the text and JSON reports, the history entry and the metrics file.
public struct DeploymentRun: Sendable {
    public enum Status: String, Sendable {
        /// No handler is configured: the plan was printed (exit 0).
        case planned
        /// The handler succeeded and there was nothing to verify.
        case dispatched
        /// The handler succeeded and every probe passed.
        case succeeded
        /// The backup, the handler or verification failed.
        case failed
        /// Verification failed and the automatic rollback ran.
        case rolledBack = "rolled-back"
        /// A gate or the target validation said no (exit 3); nothing ran.
        case blocked
        /// `--dry-run`: everything but the handler, backup and probes.
        case dryRun = "dry-run"
    }

    public let id: String
    public let explanation: Explanation
    public let startedAt: Date
    public var finishedAt: Date
    public var status: Status
    public var gates: [GateResult] = []
    public var handoffPath: String?
    public var backup: HandlerResult?
    public var dispatch: HandlerResult?
    public var verification: VerificationReport?
    /// The rollback an automatic rollback ran, when it did.
    public var rollback: RollbackSummary?
    /// The commit `DEPLOY_ROLLBACK_TO` named, for rollbacks.
    public var rollbackTo: String?
    /// What stopped the run, mapped to its exit code.
    public var error: DeployError?
    /// The environment's last successful deployment before this one.
    public var previousCommit: String?

    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }
    public var exitCode: Int32 { error?.exitCode ?? 0 }

    /// Whether the deployment counts as one that happened (and so belongs in history).
    public var isRecorded: Bool { status != .blocked && status != .dryRun }

    public init(id: String, explanation: Explanation, startedAt: Date, status: Status) {
        self.id = id
        self.explanation = explanation
        self.startedAt = startedAt
        self.finishedAt = startedAt
        self.status = status
    }
}

/// What an automatic rollback did.
public struct RollbackSummary: Sendable {
    public let id: String
    public let commit: String
    public let status: DeploymentRun.Status
    public let error: DeployError?
}
