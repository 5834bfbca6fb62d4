import Foundation
import GitRepository

/// `git deploy hook post-merge SQUASH` (DESIGN §6): after a merge or `git pull`, routes the
/// current branch with the options of the merged commits (`ORIG_HEAD..HEAD`) and refreshes
/// `.deployment_config`. It dispatches only where the environment sets `auto-dispatch: true`.
public enum PostMergeHook {
    /// What happened, for the caller to act on (dispatch) or print.
    public struct Outcome {
        public let explanation: Explanation
        public let handoff: Handoff
        public let handoffPath: String
        public let autoDispatch: Bool
    }

    /// Routes the merge; nil when the branch has no route (nothing to do, quietly).
    public static func route(squash: Bool, environment: [String: String]) throws(DeployError) -> (Workspace, Outcome)? {
        let workspace = try Workspace.openForProcess()
        let repository = workspace.repository
        let head: HeadState
        do {
            head = try repository.head()
        } catch {
            throw DeployError.badInput("cannot read HEAD: \(error.message)")
        }
        guard case .branch(let name, let commit) = head,
              RefMatch.first(for: .branch(name), in: workspace.configuration.refRules) != nil else { return nil }

        // ORIG_HEAD is where the branch was before the merge; a squash merge has not committed yet.
        var range: DeploymentRequest.RangeSpec?
        if !squash, let before = try? repository.resolveCommit("ORIG_HEAD"), before != commit {
            range = .resolved(ScanRange(range: .between(before, commit),
                                        description: "\(before.short)..\(commit.short) (merged)"))
        }
        let request = DeploymentRequest(ref: .branch(name), commit: commit, environmentVariables: environment, range: range)
        let explanation = try Explainer.explain(request, in: workspace)
        let now = Date()
        let previous = try workspace.previousSuccessfulCommit(environment: explanation.environment.name)
        let handoff = Handoff(explanation, id: Handoff.makeID(commit: explanation.commit, at: now), timestamp: now,
                              previousCommit: previous)
        let path = try DeploymentConfigFile.write(handoff, in: repository)
        let autoDispatch = workspace.configuration.settings(for: explanation.environment.name).autoDispatch
        return (workspace, Outcome(explanation: explanation, handoff: handoff, handoffPath: path, autoDispatch: autoDispatch))
    }
}
