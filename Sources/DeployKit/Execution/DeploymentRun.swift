import Foundation
import GitRepository

/// What the executor did with a plan, stage by stage (DESIGN §1: gates → backup → hand-off →
/// dispatch → verify → record), for the text and JSON reports, the history entry and the metrics file.
public struct DeploymentRun: Sendable {
    /// Where a run ended. Every case is final: the executor returns only these.
    public enum Status: String, Sendable {
        /// No handler is configured: the plan was printed (exit 0).
        case planned
        /// The handler succeeded and every probe passed (or there were none).
        case succeeded
        /// The backup, the handler or verification failed.
        case failed
        /// Verification failed and the automatic rollback succeeded.
        case rolledBack = "rolled-back"
        /// A gate or the target validation said no (exit 3); nothing ran.
        case blocked
        /// `--dry-run`: everything but the backups, the handler and the probes.
        case dryRun = "dry-run"
    }

    public let plan: DeploymentPlan
    public var finishedAt: Date
    public var status: Status
    public var gates: [GateResult] = []
    public var handoffPath: String?
    /// The typed backups that ran, in order (issue 17).
    public var backups: [BackupOutcome] = []
    /// The last backup that ran (any kind): the JSON's `backup`, kept for its readers.
    public var backup: HandlerResult? { backups.last?.result }
    /// The readiness checks that ran (gate `readiness`).
    public var readiness: VerificationReport?
    public var dispatch: HandlerResult?
    public var verification: VerificationReport?
    /// The rollback an automatic rollback ran, when it did.
    public var rollback: RollbackSummary?
    /// What stopped the run, mapped to its exit code.
    public var error: DeployError?
    /// The monitoring window and the monitor hand-off (MonitoringStage.swift).
    public var monitoring = RunMonitoring()
    /// The expired remote lock holder this run took the environment's lock over from.
    public var lockTakeover: LockHolder?

    public var id: String { plan.id }
    public var explanation: Explanation { plan.explanation }
    public var startedAt: Date { plan.createdAt }
    /// The commit `DEPLOY_ROLLBACK_TO` named, for rollbacks.
    public var rollbackTo: ObjectID? { plan.rollbackTo }
    /// The environment's last successful deployment before this one.
    public var previousCommit: ObjectID? { plan.previousCommit }
    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }
    public var exitCode: Int32 { error?.exitCode ?? 0 }

    /// Whether the deployment counts as one that happened (and so belongs in history).
    public var isRecorded: Bool { status != .blocked && status != .dryRun }

    init(plan: DeploymentPlan, status: Status) {
        self.plan = plan
        self.finishedAt = plan.createdAt
        self.status = status
    }
}

/// What an automatic rollback did.
public struct RollbackSummary: Sendable {
    public let id: String
    public let commit: ObjectID
    public let status: DeploymentRun.Status
    public let error: DeployError?
}
