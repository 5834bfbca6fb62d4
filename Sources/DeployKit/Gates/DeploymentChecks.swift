import DeployCore
import Foundation
import GitRepository

/// Gathers what the gates and the target validation look at from the repository, history and
/// configuration, and runs them (DESIGN §7). Shared by `git deploy` and the pre-push hook.
public enum DeploymentChecks {
    /// What the caller knows that the repository does not.
    public struct Context: Sendable {
        public var now: Date
        public var yes: Bool
        public var isTerminal: Bool
        public var confirmationAnswer: String?
        /// `--to` or the previous successful deployment, for a rollback.
        public var rollbackCommit: String?

        public init(now: Date = Date(), yes: Bool = false, isTerminal: Bool = false, confirmationAnswer: String? = nil,
                    rollbackCommit: String? = nil) {
            self.now = now
            self.yes = yes
            self.isTerminal = isTerminal
            self.confirmationAnswer = confirmationAnswer
            self.rollbackCommit = rollbackCommit
        }

        /// A hook cannot ask: pushing is the confirmation.
        public static func hook(now: Date = Date()) -> Context { Context(now: now, yes: true) }
    }

    /// The gate inputs for a decision.
    public static func inputs(_ explanation: Explanation, workspace: Workspace, context: Context) throws(DeployError) -> GateInputs {
        let repository = workspace.repository
        let settings = workspace.configuration.settings(for: explanation.environment.name)
        var deployingCheckedOut = false
        var clean = true
        if repository.workTreeRoot != nil, let commit = explanation.commit {
            let head = try Explainer.git("read HEAD") { try repository.head() }
            switch head {
            case .branch(_, let id), .detached(let id): deployingCheckedOut = id.hex == commit
            case .unborn: deployingCheckedOut = false
            }
            if deployingCheckedOut {
                clean = !(try Explainer.git("read the work tree's status") { try repository.hasUncommittedChanges() })
            }
        }
        var promoted = false
        var unverified: [String] = []
        if let source = settings.requirePromotionFrom, let commit = explanation.commit.flatMap(ObjectID.init(hex:)) {
            if workspace.configuration.records.requireSigned {
                // Anyone who can push refs/notes/deployments can write an entry: only signed ones count.
                switch try SignedPromotionCheck(repository: repository).check(environment: source, commit: commit) {
                case .none: promoted = false
                case .verified: promoted = true
                case .unverified(let reasons): unverified = reasons
                }
            } else {
                promoted = try Explainer.git("read the deployment history") {
                    try workspace.history?.hasSuccessfulDeployment(environment: source, commit: commit) ?? false
                }
            }
        }
        return GateInputs(
            now: context.now, isWorkTreeClean: clean, deployingCheckedOutCommit: deployingCheckedOut,
            requirePromotionFrom: settings.requirePromotionFrom, hasSuccessfulDeployment: promoted,
            unverifiedPromotions: unverified,
            freezeWindows: settings.freeze, emergency: explanation.options.contains(.emergency),
            // Only a .release_config states a version to check against the tag (a new release's is derived).
            releaseVersion: explanation.release.mode == .continue ? explanation.release.version : nil,
            tag: explanation.tag, isTerminal: context.isTerminal, yes: context.yes,
            confirmationAnswer: context.confirmationAnswer)
    }

    /// The environment's gates, then the target's validation.
    public static func evaluate(_ explanation: Explanation, workspace: Workspace, context: Context) throws(DeployError) -> [GateResult] {
        let gates = GateEvaluator.evaluate(level: explanation.environment.safety,
                                           inputs: try inputs(explanation, workspace: workspace, context: context))
        return gates + [validation(explanation, context: context)]
    }

    /// The seed's `validate_routing_decision`, for the decision's target.
    public static func validation(_ explanation: Explanation, context: Context) -> GateResult {
        let target = explanation.target ?? .directDeployment
        let inputs = TargetValidation.Inputs(
            rollbackCommit: context.rollbackCommit, pipeline: explanation.pipeline,
            hasPlatformFiles: explanation.platformFiles != nil,
            releaseVersion: explanation.release.version, tag: explanation.tag)
        return TargetValidation.validate(target: target, inputs: inputs)
    }
}
