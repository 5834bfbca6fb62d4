import DeployCore
import Foundation
import GitRepository

/// The one place a deployment is planned (DESIGN §1): `explain`, `deploy`, `rollback`, `record`
/// and both hooks call `plan` and use what it returns; none of them assembles a stage itself.
public enum Planner {
    /// Decides where and how `request` deploys and, when the request asks for checks, evaluates
    /// the gates and the target's validation. Reads the snapshot only; writes nothing.
    public static func plan(_ request: DeploymentRequest, in snapshot: RepositorySnapshot,
                            now: Date = Date()) throws(DeployError) -> DeploymentPlan {
        var request = request
        try EmergencyReason.check(request)
        var rollbackTo: ObjectID?
        if let rollback = request.rollback {
            // A rollback deploys the commit it returns to.
            let environment = request.environment.map { name in
                (try? snapshot.configuration.environments.resolve(name).get())?.name ?? name
            }
            guard let environment, let target = try rollbackTarget(rollback.to, environment: environment, current: nil, in: snapshot) else {
                let name = request.environment ?? "the environment"
                throw DeployError(.blocked, "no commit to roll \(name) back to: history has no earlier successful deployment",
                                  hint: "name one with --to REF")
            }
            request.options.insert(.rollback)
            request.commit = target
            rollbackTo = target
        }

        let explanation = try decide(request, in: snapshot)
        let environment = explanation.environment.name
        if explanation.routing.mode == .rollback, rollbackTo == nil {
            rollbackTo = try rollbackTarget(nil, environment: environment, current: explanation.commit, in: snapshot)
        }
        let previous = try snapshot.history.lastSuccessful(environment: environment)?.commit
        let safetyNet = try SafetyNetPlan.make(explanation, rollbackTo: rollbackTo, request: request, in: snapshot)
        var handoff = Handoff(explanation, id: DeploymentID.make(commit: explanation.commit, date: now), timestamp: now,
                              previousCommit: previous)
        handoff.rollback = safetyNet.rollback
        handoff.emergencyReason = request.emergencyReason

        var checks: DeploymentPlan.Checks?
        if let context = request.checks {
            let inputs = try DeploymentChecks.inputs(explanation, snapshot: snapshot, context: context)
            checks = DeploymentPlan.Checks(
                inputs: inputs, gates: GateEvaluator.evaluate(level: explanation.environment.safety, inputs: inputs),
                validation: DeploymentChecks.validation(explanation, rollbackTo: rollbackTo))
        }
        let configuration = snapshot.configuration
        return DeploymentPlan(
            request: request, explanation: explanation, handoff: handoff, rollbackTo: rollbackTo, checks: checks,
            safetyNet: safetyNet,
            handler: explanation.target.flatMap { configuration.targets[$0.rawValue]?.handler(for: safetyNet.rollbackScope?.scope) },
            handlerContext: HandlerContext(handoff: handoff, rollbackTo: rollbackTo,
                                           configFile: DeploymentConfigFile.path(in: snapshot.repository)))
    }

    /// `--to REF`, else the environment's previous successful deployment: not the one running now
    /// (the newest success), and not `current`, the commit being rolled back from.
    static func rollbackTarget(_ revision: String?, environment: String, current: ObjectID?,
                               in snapshot: RepositorySnapshot) throws(DeployError) -> ObjectID? {
        if let revision {
            do {
                return try snapshot.repository.resolveCommit(revision)
            } catch {
                throw DeployError.badInput("--to \(revision): \(error.message)", hint: "name a commit, tag or branch that exists here",
                                           cause: error)
            }
        }
        let deployed = try snapshot.history.successfulCommits(environment: environment)
        let running = deployed.first
        return deployed.first { $0 != running && $0 != current } ?? (running != current ? running : nil)
    }
}
