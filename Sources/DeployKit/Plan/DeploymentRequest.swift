import DeployCore
import GitRepository

/// What the user (or a hook) asked for: everything left nil is inferred from the repository.
public struct DeploymentRequest: Sendable {
    /// An environment name or alias given on the command line.
    public var environment: String?
    /// `--type`; nil means `auto` (detected, DESIGN §4).
    public var platform: Platform?
    /// `--complexity`; nil means `auto` (assessed, DESIGN §3).
    public var complexity: Complexity?
    /// Option flags given explicitly; they always add to the inferred ones.
    public var options: Set<DeployOption>
    /// `--no-infer` turns the commit scan off.
    public var inferOptions: Bool
    /// The ref being deployed when the caller knows it (the remote ref in pre-push).
    public var ref: DeployRef?
    /// The commit being deployed when the caller knows it; otherwise HEAD.
    public var commit: ObjectID?
    /// A revision given by the user for the commit (`--commit REF`).
    public var revision: String?
    /// The process environment, for the CI variables of a detached HEAD.
    public var environmentVariables: [String: String]
    /// The commits being deployed, when the caller knows them (a hook's push, `--range A..B`).
    public var range: RangeSpec?

    /// Set when the deployment will run or be pushed (deploy, rollback, pre-push): the plan then
    /// carries the environment's gates and the target's validation. nil for explain, record and
    /// post-merge, which only decide.
    public var checks: DeploymentChecks.Context?
    /// Set for `git deploy rollback` and the automatic rollback: the deployed commit is the one
    /// the rollback returns to (`to`, else the environment's previous successful deployment).
    public var rollback: RollbackRequest?
    /// Why `.emergency` is in `options` (EmergencyReason); the planner refuses one without the other.
    public var emergencyReason: String?

    /// A range as typed by a user, or already resolved by a hook.
    public enum RangeSpec: Sendable {
        case revisions(String)
        case resolved(ScanRange)
    }

    public init(environment: String? = nil, platform: Platform? = nil, complexity: Complexity? = nil,
                options: Set<DeployOption> = [], inferOptions: Bool = true, ref: DeployRef? = nil,
                commit: ObjectID? = nil, revision: String? = nil, environmentVariables: [String: String] = [:],
                range: RangeSpec? = nil, checks: DeploymentChecks.Context? = nil, rollback: RollbackRequest? = nil) {
        self.environment = environment
        self.platform = platform
        self.complexity = complexity
        self.options = options
        self.inferOptions = inferOptions
        self.ref = ref
        self.commit = commit
        self.revision = revision
        self.environmentVariables = environmentVariables
        self.range = range
        self.checks = checks
        self.rollback = rollback
    }
}

/// `git deploy rollback ENV [--to REF]`: which commit to return to.
public struct RollbackRequest: Sendable {
    /// `--to REF`; nil means the environment's previous successful deployment.
    public var to: String?
    /// `--scope`; nil means full.
    public var scope: RollbackScope?
    /// The deployment being rolled back, when it is not the environment's last successful one
    /// (the automatic rollback replaces the deployment that just failed verification).
    public var replacing: ReplacedDeployment?

    public init(to: String? = nil, scope: RollbackScope? = nil, replacing: ReplacedDeployment? = nil) {
        self.to = to
        self.scope = scope
        self.replacing = replacing
    }
}

/// The deployment a rollback replaces: what its handler needs to undo it.
public struct ReplacedDeployment: Sendable {
    public var id: String
    public var commit: ObjectID?
    /// The references its backups reported, by kind.
    public var backups: [BackupSettings.Kind: String]

    public init(id: String, commit: ObjectID?, backups: [BackupSettings.Kind: String]) {
        self.id = id
        self.commit = commit
        self.backups = backups
    }
}
