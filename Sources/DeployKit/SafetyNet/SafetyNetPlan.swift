import DeployCore
import GitRepository

/// The seed's safety net for one deployment (issue 17), decided with the plan so that `explain`
/// shows what a run does: the readiness checks, the backups that will run, and what a rollback
/// of this deployment returns to.
public struct SafetyNetPlan: Sendable {
    /// One readiness check, as the probe that runs it.
    public struct ReadinessCheck: Sendable, Equatable {
        public enum Kind: String, Sendable { case platform, environment, integration }
        public let kind: Kind
        public let probe: ProbeSettings
    }

    /// A backup that will not run, and why (for explain).
    public struct SkippedBackup: Sendable, Equatable {
        public let step: BackupSettings.Step
        public let reason: String
    }

    /// Run in this order, all at once, before the hand-off (gate `readiness`).
    public var readiness: [ReadinessCheck] = []
    /// What readiness leaves out and why ("readiness: false", "no --external-integrations").
    public var readinessNotes: [String] = []
    /// Run in kind order before dispatch.
    public var backups: [BackupSettings.Step] = []
    public var skippedBackups: [SkippedBackup] = []
    /// What a rollback of this deployment returns to.
    public var rollback = RollbackPreparation()
    /// For a rollback: its scope and the deployment it replaces (whose backups it is told about).
    public var rollbackScope: RollbackScopePlan?

    /// The seconds a platform check may take: `kubectl version --request-timeout=5s` asks twice at most.
    public static let platformCheckTimeout: Double = 30
}

/// What a rollback of a deployment would return to (issue 17 item 6): the environment's current
/// successful deployment, known before dispatch, and the backups this deployment takes.
public struct RollbackPreparation: Sendable, Equatable {
    public var commit: ObjectID?
    public var deploymentID: String?
    /// Backups taken before dispatch (filled in by the executor once they ran).
    public var backups: [BackupSettings.Kind: String] = [:]
    public var backupKinds: [BackupSettings.Kind] = []

    public init(commit: ObjectID? = nil, deploymentID: String? = nil) {
        self.commit = commit
        self.deploymentID = deploymentID
    }

    /// The hand-off keys, after the others; always present, empty when there is no earlier deployment.
    public static let handoffKeys = [
        "DEPLOYMENT_ROLLBACK_COMMIT", "DEPLOYMENT_ROLLBACK_ID", "DEPLOYMENT_ROLLBACK_BACKUPS",
        "DEPLOYMENT_ROLLBACK_BACKUP_DATABASE", "DEPLOYMENT_ROLLBACK_BACKUP_CONFIGURATION", "DEPLOYMENT_ROLLBACK_BACKUP_STATE",
    ]

    public var handoffValues: [String] {
        [commit?.hex ?? "", deploymentID ?? "", backupKinds.map(\.rawValue).joined(separator: " ")]
            + BackupSettings.Kind.allCases.map { backups[$0] ?? "" }
    }
}

/// A rollback's scope and what it replaces (issue 17 item 5).
public struct RollbackScopePlan: Sendable, Equatable {
    public var scope: RollbackScope
    /// The commit the rollback returns to.
    public var target: ObjectID
    /// The deployment being rolled back: its id, commit and the references its backups reported.
    public var fromID: String?
    public var fromCommit: ObjectID?
    public var fromBackups: [BackupSettings.Kind: String] = [:]

    /// What the rollback handler is told, besides DEPLOY_*: the seed's ROLLBACK_* variables. Every
    /// key is set, to "" when unknown, as DEPLOY_* are.
    func variables(environment: String, platform: Platform?) -> [String: String] {
        var variables = [
            "ROLLBACK_SCOPE": scope.rawValue, "ROLLBACK_TARGET": target.hex, "ROLLBACK_ENVIRONMENT": environment,
            "ROLLBACK_PLATFORM": platform?.rawValue ?? "", "ROLLBACK_FROM_ID": fromID ?? "", "ROLLBACK_FROM_COMMIT": fromCommit?.hex ?? "",
        ]
        for kind in BackupSettings.Kind.allCases {
            variables["ROLLBACK_BACKUP_\(kind.rawValue.uppercased())"] = fromBackups[kind] ?? ""
        }
        return variables
    }
}

extension SafetyNetPlan {
    /// Decides the safety net of a deployment from the environment's settings and history.
    static func make(_ explanation: Explanation, rollbackTo: ObjectID?, request: DeploymentRequest,
                     in snapshot: RepositorySnapshot) throws(DeployError) -> SafetyNetPlan {
        let e = explanation
        let settings = snapshot.configuration.settings(for: e.environment.name)
        var plan = SafetyNetPlan()
        if let target = e.target, snapshot.configuration.targets[target.rawValue] == nil {
            // Nothing will be dispatched: a plan-only run has nothing to be ready for.
            plan.readinessNotes.append("no handler for \(target.rawValue): nothing is dispatched, so readiness is not checked")
        } else {
            plan.addReadiness(settings.readiness, explanation: e, origin: snapshot.configuration.origins["environments.\(e.environment.name).readiness"])
        }
        for step in settings.backups.steps {
            if let reason = step.skipReason(for: e) {
                plan.skippedBackups.append(SkippedBackup(step: step, reason: reason))
            } else {
                plan.backups.append(step)
            }
        }
        let current = try snapshot.history.lastSuccessful(environment: e.environment.name)
        plan.rollback = RollbackPreparation(commit: current?.commit, deploymentID: current?.id)
        if e.routing.mode == .rollback, let rollbackTo {
            let scope = request.rollback?.scope ?? .full
            if let replaced = request.rollback?.replacing {
                plan.rollbackScope = RollbackScopePlan(scope: scope, target: rollbackTo, fromID: replaced.id, fromCommit: replaced.commit,
                                                       fromBackups: replaced.backups)
            } else {
                plan.rollbackScope = RollbackScopePlan(scope: scope, target: rollbackTo, fromID: current?.id, fromCommit: current?.commit,
                                                       fromBackups: current?.backupReferences ?? [:])
            }
        }
        return plan
    }

    private mutating func addReadiness(_ settings: ReadinessSettings, explanation e: Explanation, origin: String?) {
        guard settings.enabled else {
            readinessNotes.append("readiness: false (\(origin ?? ".deploy.yml")): no readiness checks")
            return
        }
        switch settings.platform {
        case .disabled:
            readinessNotes.append("platform check off (readiness.platform: false)")
        case .command(let argv, let origin):
            readiness.append(ReadinessCheck(kind: .platform, probe: Self.platformProbe(argv, name: "platform", origin: origin)))
        case .builtIn:
            if let argv = ReadinessSettings.builtInPlatformCommand(for: e.platform) {
                readiness.append(ReadinessCheck(kind: .platform, probe: Self.platformProbe(argv, name: "platform-\(e.platform?.rawValue ?? "")", origin: "default")))
            } else {
                readinessNotes.append("no platform check for \(e.platform?.rawValue ?? "an unknown platform") (set readiness.platform to add one)")
            }
        }
        readiness += settings.probes.map { ReadinessCheck(kind: .environment, probe: $0) }
        if !settings.integrations.isEmpty {
            if e.options.contains(.externalIntegrations) {
                readiness += settings.integrations.map { ReadinessCheck(kind: .integration, probe: $0) }
            } else {
                readinessNotes.append("\(settings.integrations.count) integration probe\(settings.integrations.count == 1 ? "" : "s") skipped: not an --external-integrations deployment")
            }
        }
    }

    /// A platform check runs once: it passes when the command exits 0 within the timeout.
    static func platformProbe(_ argv: [String], name: String, origin: String) -> ProbeSettings {
        ProbeSettings(name: name, layer: .infrastructure, check: .command(argv), timeout: platformCheckTimeout, period: 1,
                      failureThreshold: 1, successThreshold: 1, origin: origin)
    }
}

extension BackupSettings.Step {
    /// Why this backup does not run before the deployment, or nil when it runs.
    func skipReason(for e: Explanation) -> String? {
        switch when {
        case .always: return nil
        case .highSafety:
            return e.environment.safety == .high ? nil : "\(e.environment.name) is not a high-safety environment"
        case .databaseMigration:
            return e.options.contains(.databaseMigration) ? nil : "not a --database-migration deployment"
        case .platforms(let platforms):
            guard let platform = e.platform, platforms.contains(platform) else {
                return "platform \(e.platform?.rawValue ?? "unknown") is not in when: \(when)"
            }
            return nil
        }
    }
}
