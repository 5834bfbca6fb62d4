import DeployCore
import Foundation
import GitRepository

/// Gathers what the gates and the target validation look at from the snapshot (repository,
/// history, configuration), for the planner (DESIGN §7).
public enum DeploymentChecks {
    /// What the caller knows that the repository does not.
    public struct Context: Sendable {
        public var now: Date
        public var yes: Bool
        public var isTerminal: Bool

        public init(now: Date = Date(), yes: Bool = false, isTerminal: Bool = false) {
            self.now = now
            self.yes = yes
            self.isTerminal = isTerminal
        }

        /// A hook cannot ask: pushing is the confirmation.
        public static func hook(now: Date = Date()) -> Context { Context(now: now, yes: true) }
    }

    /// The gate inputs for a decision.
    static func inputs(_ explanation: Explanation, snapshot: RepositorySnapshot, context: Context) throws(DeployError) -> GateInputs {
        let repository = snapshot.repository
        let settings = snapshot.configuration.settings(for: explanation.environment.name)
        var deployingCheckedOut = false
        var clean = true
        if repository.workTreeRoot != nil, let commit = explanation.commit {
            switch try snapshot.head() {
            case .branch(_, let id), .detached(let id): deployingCheckedOut = id == commit
            case .unborn: deployingCheckedOut = false
            }
            if deployingCheckedOut {
                clean = !(try DeployError.reading("read the work tree's status") { try repository.hasUncommittedChanges() })
            }
        }
        var promoted = false
        var unverified: [String] = []
        var inWindow: [String] = []
        if let source = settings.requirePromotionFrom, let commit = explanation.commit {
            (promoted, unverified, inWindow) = try promotion(from: source, commit: commit, snapshot: snapshot)
        }
        var inputs = GateInputs(
            now: context.now, isWorkTreeClean: clean, deployingCheckedOutCommit: deployingCheckedOut,
            requirePromotionFrom: settings.requirePromotionFrom, hasSuccessfulDeployment: promoted,
            unverifiedPromotions: unverified,
            freezeWindows: settings.freeze, emergency: explanation.options.contains(.emergency),
            // Only a .release_config states a version to check against the tag (a new release's is derived).
            releaseVersion: explanation.release.mode == .continue ? explanation.release.version : nil,
            tag: explanation.tag, isTerminal: context.isTerminal, yes: context.yes,
            confirmationAnswer: nil)
        inputs.promotionsInWindow = inWindow
        var allowed = AllowedRefsInput(
            environment: explanation.environment.name,
            refs: [explanation.branch.map(DeployRef.branch), explanation.tag.map(DeployRef.tag)].compactMap { $0 },
            rules: AllowedRefs.rules(for: explanation.environment, in: snapshot.configuration))
        if explanation.routing.mode == .rollback, allowed.rules != nil, let commit = explanation.commit {
            // Counted as the promotion gate counts (signed entries only under records.require-signed).
            allowed.rollbackToDeployedCommit = try promotion(from: explanation.environment.name, commit: commit, snapshot: snapshot,
                                                             baked: false).promoted
        }
        inputs.allowedRefs = allowed
        return inputs
    }

    /// Whether history shows `commit` deployed successfully to `source`; under
    /// `records.require-signed`, why each success found did not count.
    /// - Parameter baked: count only deployments whose monitoring window has ended (promotion);
    ///   false for "was this commit deployed there" (a rollback's allowed refs).
    static func promotion(from source: String, commit: ObjectID, snapshot: RepositorySnapshot,
                          baked: Bool = true) throws(DeployError) -> (promoted: Bool, unverified: [String], inWindow: [String]) {
        let successes = try snapshot.history.successfulDeployments(environment: source, commit: commit)
        // A deployment still in its monitoring window has not baked yet (CodeDeploy's bake time,
        // a Spinnaker stage): it promotes once its window has passed, or was stopped or skipped.
        if baked, !successes.isEmpty, successes.allSatisfy(\.isInMonitoringWindow) {
            return (false, [], successes.prefix(3).map { "\(Excerpt.quote($0.id)) (monitor \($0.monitorOutcome?.rawValue ?? "running"))" })
        }
        guard snapshot.configuration.records.requireSigned else { return (!successes.isEmpty, [], []) }
        // Anyone who can push refs/notes/deployments can write an entry: only signed ones count.
        switch try SignedPromotionCheck(repository: snapshot.repository).check(environment: source, commit: commit) {
        case .none: return (false, [], [])
        case .verified: return (true, [], [])
        case .unverified(let reasons): return (false, reasons, [])
        }
    }

    /// The seed's `validate_routing_decision`, for the decision's target.
    static func validation(_ explanation: Explanation, rollbackTo: ObjectID?) -> GateResult {
        let target = explanation.target ?? .directDeployment
        let inputs = TargetValidation.Inputs(
            rollbackCommit: rollbackTo, pipeline: explanation.pipeline,
            hasPlatformFiles: explanation.platformFiles != nil,
            releaseVersion: explanation.release.version, tag: versionTag(explanation))
        return TargetValidation.validate(target: target, inputs: inputs)
    }

    /// The tag the release version is checked against: a package's tag (`api@1.2.3`,
    /// `backend-release-1.2.3`) by the version it carries after the package's name.
    static func versionTag(_ explanation: Explanation) -> String? {
        guard let tag = explanation.tag, let package = explanation.package else { return explanation.tag }
        let version = package.tagPrefix.flatMap { PackageTag.version(of: tag, prefix: $0) } ?? PackageTag(tag)?.version
        return version.map { "v\($0)" } ?? tag
    }
}
