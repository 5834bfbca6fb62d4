import DeployCore
import Foundation
import GitRepository

/// Everything a deployment will do, decided before anything is done (DESIGN §1): the decision
/// with its evidence, the gates and the target's validation, the hand-off, and what the handler
/// (and its backups) will be run with. `explain` prints it, the executor runs it, the
/// hooks check it and hand it off, `record` writes it down.
public struct DeploymentPlan: Sendable {
    /// The gates of the environment and the target's validation, evaluated before anything runs.
    public struct Checks: Sendable {
        /// What the gates looked at; the executor re-evaluates with the prompt's answer.
        public let inputs: GateInputs
        public let gates: [GateResult]
        public let validation: GateResult
    }

    public let request: DeploymentRequest
    /// The decision and its evidence (explain's output).
    public let explanation: Explanation
    /// What `.deployment_config` will hold; carries the deployment id and timestamp.
    public let handoff: Handoff
    /// The commit a rollback returns to.
    public let rollbackTo: ObjectID?
    /// nil when the request asked for no checks (explain, record, post-merge).
    public let checks: Checks?
    /// Readiness checks, backups and rollback preparation (issue 17).
    public let safetyNet: SafetyNetPlan
    /// The target's handler; nil when none is configured (the plan is then only printed).
    public let handler: TargetSettings?
    /// What the handler, the backup and command probes are told (DEPLOY_* variables).
    public let handlerContext: HandlerContext

    public var id: String { handoff.id }
    public var createdAt: Date { handoff.timestamp }
    public var environment: EnvironmentDefinition { explanation.environment }
    public var previousCommit: ObjectID? { handoff.previousCommit }
}
