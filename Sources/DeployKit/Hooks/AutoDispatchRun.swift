import Foundation

/// `auto-dispatch` after a merge or pull (issue 14): the hook deploys as `git deploy ENV` would —
/// the same planner and executor, its gates, hand-off, handler, verification and record — without
/// asking, with the handler's output streamed. The branch update has already happened: whatever
/// the deployment does, the hook reports it and exits 0.
enum AutoDispatchRun {
    static func run(_ route: DeploymentPlan, setting: AutoDispatch, snapshot: RepositorySnapshot, diagnostics: Diagnostics) {
        let e = route.explanation
        let environment = e.environment.name
        let command = "git deploy \(environment)" + (setting == .confirmed ? " --yes" : "")
        diagnostics.note("git-deploy: \(e.branch ?? "HEAD") → \(environment) (safety \(e.environment.safety.rawValue)); auto-dispatch: \(setting.rawValue): running \(command)")
        // `git deploy ENV`'s request: the options of everything since the last deployment, not only
        // of the merged commits; `confirmed` answers the confirmation as --yes does.
        let request = DeploymentRequest(environment: environment, environmentVariables: route.request.environmentVariables,
                                        checks: DeploymentChecks.Context(yes: setting == .confirmed))
        let plan: DeploymentPlan
        do {
            plan = try Planner.planRun(request, in: snapshot, diagnostics: diagnostics)
        } catch {
            return failed(environment: environment, command: command, error: error, diagnostics: diagnostics)
        }
        let executor = DeploymentExecutor(snapshot: snapshot, diagnostics: diagnostics, confirm: { _ in nil },
                                          handlerOutput: .standardError)
        let run = executor.run(plan)
        if let error = run.error {
            return failed(environment: environment, command: command, error: error, diagnostics: diagnostics, id: run.id)
        }
        diagnostics.note("git-deploy: auto-dispatch: \(run.id) to \(environment) via \(e.target?.rawValue ?? "-"): \(run.status.rawValue)")
    }

    /// The deployment did not go through: said plainly, with its exit code's meaning, while the merge stands.
    private static func failed(environment: String, command: String, error: DeployError, diagnostics: Diagnostics, id: String? = nil) {
        diagnostics.error(error)
        let what = id.map { "\($0) to \(environment)" } ?? "the deployment to \(environment)"
        diagnostics.note("git-deploy: auto-dispatch FAILED: \(what) exited \(error.exitCode) (\(meaning(error.kind))); the merge itself is done — fix the above and run '\(command)'")
    }

    private static func meaning(_ kind: DeployError.Kind) -> String {
        switch kind {
        case .blocked: "blocked by a gate"
        case .handlerFailed: "the handler or backup failed"
        case .verificationFailed: "verification failed"
        case .notRecorded: "deployed but not recorded"
        case .badInput: "bad input"
        case .ioFailure: "could not write git-deploy's own files"
        case .internalFault: "internal fault"
        }
    }

    /// `auto-dispatch: true` on a high-safety environment: why nothing was deployed, and how to.
    static func explainNotDispatched(_ plan: DeploymentPlan, setting: AutoDispatch, diagnostics: Diagnostics) {
        guard setting == .on else { return }
        let e = plan.explanation
        diagnostics.note("git-deploy: auto-dispatch: true does not deploy \(e.environment.name) (safety \(e.environment.safety.rawValue)): a merge is not a decision to deploy there; run 'git deploy \(e.environment.name)', or set environments.\(e.environment.name).auto-dispatch: confirmed")
    }
}
