import DeployCore
import Foundation
import GitRepository

/// What an automatic rollback needs to know about the deployment it undoes: enough to plan the
/// rollback as the deployment was planned. Kept as JSON in a detached monitor's state file, so that
/// the background process rolls back exactly as `git deploy` would have.
public struct RollbackOrigin: Sendable {
    public var environment: String
    public var commit: ObjectID?
    public var platform: Platform?
    public var options: [DeployOption]
    public var ref: DeployRef?
    /// The variables the rollback is planned with (CI variables, Git's identity).
    public var environmentVariables: [String: String]
    /// What the deployment's plan prepared to return to (the environment's deployment before it).
    public var preparedCommit: ObjectID?
    /// The deployment being undone, with the backups it took, for the rollback's handler.
    public var replacing: ReplacedDeployment?
    /// An emergency deployment's reason: its rollback bypasses the same gates, for the same reason.
    public var emergencyReason: String?

    init(_ run: DeploymentRun, replacing: ReplacedDeployment?) {
        let e = run.explanation
        environment = e.environment.name
        commit = e.commit
        platform = e.platform
        options = e.options
        ref = e.branch.map(DeployRef.branch) ?? e.tag.map(DeployRef.tag)
        environmentVariables = run.plan.request.environmentVariables
        preparedCommit = run.plan.safetyNet.rollback.commit
        self.replacing = replacing
        emergencyReason = run.plan.request.emergencyReason
    }

    /// Without the variables: the detached process plans with its own, inherited from `git deploy`.
    var json: JSONValue {
        let (branch, tag): (String?, String?) = switch ref {
        case .branch(let name)?: (name, nil)
        case .tag(let name)?: (nil, name)
        case nil: (nil, nil)
        }
        return .object([("environment", .string(environment)), ("commit", .optional(commit?.hex)),
                        ("platform", .optional(platform?.rawValue)), ("options", .array(options.map { .string($0.rawValue) })),
                        ("branch", .optional(branch)), ("tag", .optional(tag)),
                        ("prepared_commit", .optional(preparedCommit?.hex)),
                        ("emergency_reason", .optional(emergencyReason)),
                        ("replacing", replacing.map { replaced in
                            .object([("id", .string(replaced.id)), ("commit", .optional(replaced.commit?.hex)),
                                     ("backups", .object(replaced.backups.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .string($0.value)) }))])
                        } ?? .null)])
    }

    init?(json: JSONValue, environmentVariables: [String: String]) {
        guard let environment = json["environment"]?.stringValue else { return nil }
        self.environment = environment
        commit = json["commit"]?.stringValue.flatMap(ObjectID.init(hex:))
        platform = json["platform"]?.stringValue.flatMap(Platform.init(rawValue:))
        options = json["options"].map { value in
            guard case .array(let items) = value else { return [] }
            return items.compactMap { $0.stringValue.flatMap(DeployOption.init(rawValue:)) }
        } ?? []
        ref = json["branch"]?.stringValue.map(DeployRef.branch) ?? json["tag"]?.stringValue.map(DeployRef.tag)
        self.environmentVariables = environmentVariables
        preparedCommit = json["prepared_commit"]?.stringValue.flatMap(ObjectID.init(hex:))
        emergencyReason = json["emergency_reason"]?.stringValue
        replacing = json["replacing"].flatMap { value -> ReplacedDeployment? in
            guard let id = value["id"]?.stringValue else { return nil }
            var backups: [BackupSettings.Kind: String] = [:]
            for (kind, reference) in value["backups"]?.objectMembers ?? [] {
                if let kind = BackupSettings.Kind(rawValue: kind), let reference = reference.stringValue { backups[kind] = reference }
            }
            return ReplacedDeployment(id: id, commit: value["commit"]?.stringValue.flatMap(ObjectID.init(hex:)), backups: backups)
        }
    }
}
