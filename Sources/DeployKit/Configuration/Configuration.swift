import DeployCore

/// The effective settings: the embedded defaults, with `.deploy.yml` layered on top (DESIGN §9).
public struct Configuration: Sendable {
    public var environments: EnvironmentCatalog
    /// Ref → environment rules, user rules first (DESIGN §4).
    public var refRules: [RefRule]
    /// Routing rules, user rules first unless they replace the defaults (DESIGN §3).
    public var routes: RuleTable
    public var inference: InferenceSettings
    /// Gates, freezes, backups and auto-dispatch per environment name.
    public var environmentSettings: [String: EnvironmentSettings]
    /// Handlers by target name.
    public var targets: [String: TargetSettings]
    /// Probes by environment name.
    public var verify: [String: VerifySettings]
    /// Where each setting was written (".deploy.yml:LINE"); absent keys are defaults.
    public var origins: [String: String]
    /// `routes-replace-defaults`.
    public var replaceDefaultRoutes: Bool
    /// The file the settings came from, nil for the embedded defaults.
    public var sourceFile: String?
    /// `records:` (signed history).
    public var records = RecordSettings()
    /// `monitor:` (the monitoring system a dispatched deployment is handed to).
    public var monitor = MonitorHandoffSettings()
    /// `packages:` (monorepo packages named in the file; others are detected).
    public var packages: [PackageDefinition] = []
    /// `platform:`; nil means `auto` (detected from the tree).
    public var platform: Platform?
    /// `release:` (version rules, pre-release branches).
    public var release = ReleaseSettings()
    /// Where the gates' values came from (the default branch's policy), set when the snapshot is read.
    public var policy: PolicyProvenance?
    /// `locks:` (where the one-deployment-per-environment lock lives).
    public var locks = LockSettings()

    public init(environments: EnvironmentCatalog, refRules: [RefRule], routes: RuleTable,
                inference: InferenceSettings, environmentSettings: [String: EnvironmentSettings] = [:],
                targets: [String: TargetSettings] = [:], verify: [String: VerifySettings] = [:],
                origins: [String: String] = [:], replaceDefaultRoutes: Bool = false, sourceFile: String? = nil) {
        self.environments = environments
        self.refRules = refRules
        self.routes = routes
        self.inference = inference
        self.environmentSettings = environmentSettings
        self.targets = targets
        self.verify = verify
        self.origins = origins
        self.replaceDefaultRoutes = replaceDefaultRoutes
        self.sourceFile = sourceFile
    }

    /// The settings of an environment (defaults when it has none).
    public func settings(for environment: String) -> EnvironmentSettings {
        environmentSettings[environment] ?? EnvironmentSettings()
    }

    /// What every command uses when the repository has no `.deploy.yml`.
    public static let defaults = ConfigurationBuilder().build(sourceFile: nil)
}

/// How options are inferred from the commits being deployed (DESIGN §4).
public struct InferenceSettings: Sendable {
    /// Changed-path globs that imply an option.
    public var pathRules: [(option: DeployOption, globs: [GlobPattern])]
    /// Service roots; changes under two or more distinct roots imply `--multi-service`.
    public var serviceRoots: [GlobPattern]
    /// At most this many commits are read (a warning names the cap when it is hit).
    public var maxCommits: Int
    /// Changed paths that never imply an option (tests and docs by default).
    public var excludedPaths: [GlobPattern] = InferenceSettings.defaultExcludedPaths

    /// Tests and docs: a lint fix to `migrations/x.spec.ts` is no migration.
    public static let defaultExcludedPaths: [GlobPattern] = [
        "*.spec.*", "**/*.spec.*", "*.test.*", "**/*.test.*", "*_test.*", "**/*_test.*",
        "test/**", "**/test/**", "tests/**", "**/tests/**", "__tests__/**", "**/__tests__/**", "*.md", "**/*.md",
    ].compactMap { try? GlobPattern($0) }

    public init(pathRules: [(option: DeployOption, globs: [GlobPattern])], serviceRoots: [GlobPattern], maxCommits: Int) {
        self.pathRules = pathRules
        self.serviceRoots = serviceRoots
        self.maxCommits = maxCommits
    }

    public static let defaults: InferenceSettings = {
        func globs(_ patterns: [String]) -> [GlobPattern] {
            // Constants known to parse.
            patterns.compactMap { try? GlobPattern($0) }
        }
        return InferenceSettings(
            pathRules: [
                (.databaseMigration, globs(["**/migrations/**", "**/migrate/**", "**/*.sql", "**/alembic/versions/**",
                                            "**/prisma/migrations/**", "**/liquibase/**", "**/flyway/**"])),
                (.externalIntegrations, globs(["**/integrations/**", "**/webhooks/**"])),
            ],
            serviceRoots: globs(["services/*", "apps/*"]),
            maxCommits: 10_000
        )
    }()
}
