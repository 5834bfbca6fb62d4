import Foundation
import GitRepository

/// What post-merge and post-rewrite share (issue 18): a branch was updated by a merge, a pull or
/// a rebase; route it with the commits that arrived, leave the hand-off and say so in one line.
/// Exactly one of the two hooks runs for each way Git updates a branch (README "Hooks and the
/// hand-off" lists which), so each update is routed once.
enum BranchUpdateRoute {
    /// The plan for `branch` at `commit` with the arrived commits as the scan range; nil when the
    /// branch has no route (nothing to do, quietly).
    static func plan(branch: String, commit: ObjectID, arrived: ScanRange?, environment: [String: String],
                     snapshot: RepositorySnapshot) throws(DeployError) -> DeploymentPlan? {
        guard hasRoute(branch, snapshot: snapshot) else { return nil }
        // The gates run as in pre-push (a hook cannot ask), so the hand-off says ready or blocked.
        let request = DeploymentRequest(ref: .branch(branch), commit: commit, environmentVariables: environment,
                                        range: arrived.map { .resolved($0) }, checks: .hook())
        return try Planner.plan(request, in: snapshot)
    }

    static func hasRoute(_ branch: String, snapshot: RepositorySnapshot) -> Bool {
        RefMatch.first(for: .branch(branch), in: snapshot.configuration.refRules) != nil
    }

    /// Writes the hand-off and prints the routing line (then the plan's warnings and failed
    /// checks); where the environment's `auto-dispatch` asks for it, deploys instead (AutoDispatchRun).
    static func handOff(_ plan: DeploymentPlan, snapshot: RepositorySnapshot, diagnostics: Diagnostics) throws(DeployError) {
        let e = plan.explanation
        let autoDispatch = snapshot.configuration.settings(for: e.environment.name).autoDispatch
        if autoDispatch.deploys(e.environment.safety) {
            return AutoDispatchRun.run(plan, setting: autoDispatch, snapshot: snapshot, diagnostics: diagnostics)
        }
        let handoff = plan.handoff(checkedBy: plan.plannedChecks)
        let path = try DeploymentConfigFile.write(handoff, in: snapshot.repository)
        diagnostics.note("git-deploy: \(e.branch ?? "HEAD") → \(e.environment.name) (safety \(e.environment.safety.rawValue)) via \(e.target?.rawValue ?? "-"); wrote \(path)")
        for warning in e.warnings { diagnostics.note("git-deploy: warning: \(warning)") }
        explainBlocked(handoff, plan: plan, diagnostics: diagnostics)
        AutoDispatchRun.explainNotDispatched(plan, setting: autoDispatch, diagnostics: diagnostics)
    }

    /// The branch update has happened and cannot be undone by a hook: a problem of ours is
    /// reported once — `error:` with its file:line, its `hint:` — and then what it means, and
    /// never fails the Git command.
    static func report(_ error: DeployError, hook: String, update: String, diagnostics: Diagnostics) {
        diagnostics.error(error)
        diagnostics.note("git-deploy: \(hook) did not route this \(update) (the \(update) itself is done)")
    }
}
