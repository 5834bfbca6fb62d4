extension BranchUpdateRoute {
    /// After a route that did not deploy, a blocked hand-off is not left to be found: the failed
    /// checks, one line each, then what `.deployment_config` now says (issue 14).
    static func explainBlocked(_ handoff: Handoff, plan: DeploymentPlan, diagnostics: Diagnostics) {
        guard let blocked = handoff.verdict.blockedLine else { return }
        for check in plan.plannedChecks?.failures ?? [] {
            diagnostics.note("git-deploy:   fail: \(check.gate.rawValue): \(check.reason)")
        }
        diagnostics.note("git-deploy: \(blocked)")
    }
}
