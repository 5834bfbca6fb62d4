import Foundation
import GitRepository

/// `git deploy hook post-merge SQUASH` (DESIGN §6): after a merge or `git pull`, routes the
/// current branch with the options of the merged commits (`ORIG_HEAD..HEAD`) and refreshes
/// `.deployment_config`. It dispatches nothing itself: where the environment sets
/// `auto-dispatch: true` it says which command deploys.
public enum PostMergeHook {
    /// Runs the hook and returns its exit status. A merge has already happened: an error of ours
    /// is reported as a warning and never fails it; only a failing chained hook does.
    public static func run(squash: Bool, environment: [String: String], diagnostics: Diagnostics) -> Int32 {
        do {
            if let status = try ChainedHook.run(hookPath: environment["GIT_DEPLOY_HOOK_PATH"], arguments: [squash ? "1" : "0"],
                                                stdin: Data()), status != 0 {
                diagnostics.note("git-deploy: the chained post-merge hook failed with status \(status)")
                return status
            }
            if environment["GIT_DEPLOY_SKIP"] == "1" { return 0 }
            let snapshot = try RepositorySnapshot.readForProcess()
            guard let plan = try plan(squash: squash, environment: environment, snapshot: snapshot) else { return 0 }
            let path = try DeploymentConfigFile.write(plan.handoff, in: snapshot.repository)
            report(plan, handoffPath: path, autoDispatch: snapshot.configuration.settings(for: plan.environment.name).autoDispatch,
                   diagnostics: diagnostics)
            return 0
        } catch {
            diagnostics.warning("git-deploy post-merge: \(error.message)")
            return 0
        }
    }

    /// The plan for the merged branch; nil when it has no route (nothing to do, quietly).
    static func plan(squash: Bool, environment: [String: String], snapshot: RepositorySnapshot) throws(DeployError) -> DeploymentPlan? {
        guard case .branch(let name, let commit) = try snapshot.head(),
              RefMatch.first(for: .branch(name), in: snapshot.configuration.refRules) != nil else { return nil }

        // ORIG_HEAD is where the branch was before the merge; a squash merge has not committed yet.
        var range: DeploymentRequest.RangeSpec?
        if !squash, let before = try? snapshot.repository.resolveCommit("ORIG_HEAD"), before != commit {
            range = .resolved(ScanRange(range: .between(before, commit),
                                        description: "\(before.short)..\(commit.short) (merged)"))
        }
        let request = DeploymentRequest(ref: .branch(name), commit: commit, environmentVariables: environment, range: range)
        return try Planner.plan(request, in: snapshot)
    }

    private static func report(_ plan: DeploymentPlan, handoffPath: String, autoDispatch: Bool, diagnostics: Diagnostics) {
        let e = plan.explanation
        diagnostics.note("git-deploy: \(e.branch ?? "HEAD") → \(e.environment.name) (safety \(e.environment.safety.rawValue)) via \(e.target?.rawValue ?? "-"); wrote \(handoffPath)")
        for warning in e.warnings { diagnostics.note("git-deploy: warning: \(warning)") }
        if autoDispatch {
            diagnostics.note("git-deploy: auto-dispatch is set for \(e.environment.name): run 'git deploy \(e.environment.name)' to deploy")
        }
    }
}
