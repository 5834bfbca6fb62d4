import DeployCore
import GitRepository

/// What a route target needs before it can run (DESIGN §7, the seed's `validate_routing_decision`),
/// as pure checks over values the caller resolved.
public enum TargetValidation {
    /// The facts the checks look at.
    public struct Inputs: Sendable, Equatable {
        /// The commit a rollback returns to (`--to`, else the previous successful deployment), nil
        /// when neither resolves.
        public var rollbackCommit: ObjectID?
        /// The detected or configured CI pipeline type, e.g. "github-actions".
        public var pipeline: String?
        /// Whether the platform's files (Dockerfile, k8s/, serverless.yml …) are in the tree.
        public var hasPlatformFiles: Bool
        public var releaseVersion: String?
        public var tag: String?

        public init(rollbackCommit: ObjectID? = nil, pipeline: String? = nil, hasPlatformFiles: Bool = false,
                    releaseVersion: String? = nil, tag: String? = nil) {
            self.rollbackCommit = rollbackCommit
            self.pipeline = pipeline
            self.hasPlatformFiles = hasPlatformFiles
            self.releaseVersion = releaseVersion
            self.tag = tag
        }
    }

    static let gate = GateName.targetValidation

    /// Runs the check for `target`; targets without one (direct deployment, config-defined) pass.
    public static func validate(target: Target, inputs: Inputs) -> GateResult {
        switch target {
        case .rollbackSystem: return rollback(rollbackCommit: inputs.rollbackCommit)
        case .cicdOrchestrator: return cicd(pipeline: inputs.pipeline)
        case .infraOrchestrator: return infra(hasPlatformFiles: inputs.hasPlatformFiles)
        case .releaseWorkflow: return releaseWorkflow(version: inputs.releaseVersion, tag: inputs.tag)
        default: return .pass(gate, "\(target) needs no validation")
        }
    }

    public static func rollback(rollbackCommit: ObjectID?) -> GateResult {
        guard let commit = rollbackCommit else {
            return .fail(gate, "rollback-system needs a commit to roll back to: pass --to REF, or deploy successfully once so history has a previous deployment")
        }
        return .pass(gate, "rolling back to \(commit)")
    }

    public static func cicd(pipeline: String?) -> GateResult {
        guard let pipeline, !pipeline.isEmpty else {
            return .fail(gate, "cicd-orchestrator needs a pipeline type, and none was detected; add a CI configuration (e.g. .github/workflows/) to the repository")
        }
        return .pass(gate, "pipeline \(pipeline)")
    }

    public static func infra(hasPlatformFiles: Bool) -> GateResult {
        hasPlatformFiles
            ? .pass(gate, "platform files are present")
            : .fail(gate, "infra-orchestrator needs platform files (Dockerfile, k8s/, serverless.yml, …) and the commit's tree has none (--type does not add files); commit the platform's files, or route it elsewhere with --complexity medium or a routes: rule in .deploy.yml")
    }

    /// A release needs a version; a tag deployment's version must be the tag's (without `v`).
    public static func releaseWorkflow(version: String?, tag: String?) -> GateResult {
        guard let version, !version.isEmpty else {
            return .fail(gate, "release-workflow needs a release version; set RELEASE_VERSION in .release_config or tag a semver release")
        }
        if let tag {
            let tagVersion = Gate.versionOfTag(tag)
            guard tagVersion == version else {
                return .fail(gate, "release version \(version) does not match tag \(tag); update .release_config or deploy tag v\(version)")
            }
        }
        return .pass(gate, "release \(version)" + (tag.map { " from tag \($0)" } ?? ""))
    }
}
