/// The hand-off a run leaves (issue 14): `ready` once the gates passed, `blocked` with the gates'
/// names and reasons when one failed, so that an earlier go never survives a later block.
extension DeploymentExecutor {
    /// Writes the hand-off of a run whose gates and target validation all passed.
    func handOff(_ plan: DeploymentPlan, checkedBy gates: [GateResult]) throws(DeployError) -> String {
        try DeploymentConfigFile.write(plan.handoff(checkedBy: gates), in: snapshot.repository)
    }

    /// Replaces the hand-off with a blocked one; when that cannot be written, removes the old one.
    /// A block that no gate result explains (the error alone says why) is blocked all the same.
    func handOffBlocked(_ run: inout DeploymentRun, because error: DeployError) {
        var handoff = run.plan.handoff(checkedBy: run.gates)
        if handoff.verdict.status != .blocked {
            handoff.verdict = .blocked(reason: error.message)
        }
        do {
            let path = try DeploymentConfigFile.write(handoff, in: snapshot.repository)
            run.handoffPath = path
            diagnostics.progress(.handoff, "wrote \(path) with DEPLOYMENT_STATUS='blocked'", problem: true)
        } catch {
            diagnostics.progress(.handoff, "could not write the blocked hand-off: \(error.message)", problem: true)
            do {
                try DeploymentConfigFile.withdraw(in: snapshot.repository)
            } catch {
                diagnostics.progress(.handoff, "could not remove \(DeploymentConfigFile.path(in: snapshot.repository)) either: \(error.message); do not use it", problem: true)
            }
        }
    }
}
