import DeployCore
import Foundation
import GitRepository

/// The hand-off of DESIGN §8: what `.deployment_config` (and explain's CI formats, and the
/// handler's DEPLOY_* variables) say about one deployment. Built once, by the planner.
public struct Handoff: Sendable, Equatable {
    public var id: String
    public var environment: String
    public var safetyLevel: SafetyLevel
    public var platform: Platform?
    public var timestamp: Date
    public var options: [DeployOption]
    public var commit: ObjectID?
    public var branch: String?
    public var tag: String?
    public var complexity: Complexity
    public var mode: Mode
    public var routingKey: RoutingKey?
    public var target: Target?
    public var pipeline: String?
    /// The environment's last successful deployment before this one, when history knows it.
    public var previousCommit: ObjectID?
    public var release: ReleaseContext
    /// The monorepo package a package tag deploys.
    public var package: String?
    /// What a rollback of this deployment returns to (issue 17 item 6).
    public var rollback = RollbackPreparation()
    /// Whether the gates let it go (`DEPLOYMENT_STATUS`, HandoffVerdict.swift).
    public var verdict = HandoffVerdict.unchecked
    /// `--emergency REASON`: why the freeze and promotion gates were bypassed.
    public var emergencyReason: String?

    /// The hand-off for a decision.
    public init(_ explanation: Explanation, id: String, timestamp: Date, previousCommit: ObjectID?) {
        let e = explanation
        self.id = id
        environment = e.environment.name
        safetyLevel = e.environment.safety
        platform = e.platform
        self.timestamp = timestamp
        options = e.options
        commit = e.commit
        branch = e.branch
        tag = e.tag
        complexity = e.routing.complexity
        mode = e.routing.mode
        routingKey = e.routingKey
        target = e.target
        pipeline = e.pipeline
        self.previousCommit = previousCommit
        release = e.release
        package = e.package?.name
    }

    /// The keys in the order DESIGN §8 lists them: the seed's seven first.
    public static let keys = [
        "DEPLOYMENT_ID", "DEPLOYMENT_ENVIRONMENT", "DEPLOYMENT_TYPE", "DEPLOYMENT_TIMESTAMP", "DEPLOYMENT_OPTIONS",
        "DEPLOYMENT_COMMIT", "DEPLOYMENT_BRANCH", "DEPLOYMENT_TAG", "DEPLOYMENT_COMPLEXITY", "DEPLOYMENT_MODE",
        "DEPLOYMENT_ROUTING_KEY", "DEPLOYMENT_TARGET", "DEPLOYMENT_SAFETY_LEVEL", "DEPLOYMENT_PIPELINE",
        "DEPLOYMENT_PREVIOUS_COMMIT", "RELEASE_VERSION", "RELEASE_MANAGER", "RELEASE_MODE", "DEPLOYMENT_PACKAGE",
    ] + RollbackPreparation.handoffKeys + statusKeys

    /// The values in `keys` order, as text; unknown values are empty strings.
    public var values: [(key: String, value: String)] {
        let texts = [
            id, environment, platform?.rawValue ?? "", Handoff.seedTimestamp(timestamp),
            options.map(\.rawValue).joined(separator: " "), commit?.hex ?? "", branch ?? "", tag ?? "",
            complexity.rawValue, mode.rawValue, routingKey?.description ?? "", target?.rawValue ?? "",
            safetyLevel.rawValue, pipeline ?? "", previousCommit?.hex ?? "",
            release.version ?? "", release.manager ?? "", release.mode.rawValue, package ?? "",
        ] + rollback.handoffValues
        // `texts` covers DESIGN's keys and the rollback preparation (zip stops there); the status keys follow (HandoffVerdict.swift).
        return zip(Handoff.keys, texts).map { (key: $0, value: $1) } + statusValues
    }

    /// The seed's `date -u '+%Y-%m-%d %H:%M:%S UTC'`.
    static func seedTimestamp(_ date: Date) -> String {
        let stamp = Timestamp.format(date)  // YYYY-MM-DDTHH:MM:SS.mmmZ
        return stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(8) + " UTC"
    }
}
