import DeployCore

/// `environments.<env>.readiness` (issue 17 item 1): what must answer before anything is dispatched.
public struct ReadinessSettings: Sendable, Equatable {
    /// The platform check: the built-in command for the platform, one of the user's, or none.
    public enum PlatformCheck: Sendable, Equatable {
        case builtIn
        case disabled
        case command([String], origin: String)
    }

    /// `readiness: false` turns every readiness check of the environment off.
    public var enabled: Bool
    /// Environment readiness: probes with the same kinds and semantics as `verify`.
    public var probes: [ProbeSettings]
    public var platform: PlatformCheck
    /// Run only for deployments with `--external-integrations` (given or inferred).
    public var integrations: [ProbeSettings]

    public init(enabled: Bool = true, probes: [ProbeSettings] = [], platform: PlatformCheck = .builtIn,
                integrations: [ProbeSettings] = []) {
        self.enabled = enabled
        self.probes = probes
        self.platform = platform
        self.integrations = integrations
    }

    /// The platform check each platform gets unless `readiness.platform` says otherwise: a
    /// read-only question to the platform's own client that fails fast when the cluster or daemon
    /// cannot be reached. Serverless, GitHub Actions and traditional deployments have no client
    /// every team uses, so they get none (configure one with `readiness.platform: [argv]`).
    public static func builtInPlatformCommand(for platform: Platform?) -> [String]? {
        switch platform {
        case .k8s?: ["kubectl", "version", "--request-timeout=5s"]
        case .docker?: ["docker", "info"]
        default: nil
        }
    }
}

/// `environments.<env>.backup` (issue 17 item 2): typed backups that run before dispatch.
public struct BackupSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case database, configuration, state

        private var rank: Int { Kind.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }

        /// When a backup of this kind runs unless `when:` says otherwise.
        public var defaultWhen: When {
            switch self {
            case .database: .databaseMigration
            case .configuration: .highSafety
            case .state: .always
            }
        }
    }

    /// `when:` — which deployments a backup runs before.
    public enum When: Sendable, Equatable, CustomStringConvertible {
        case always
        /// Deployments to an environment of safety `high`.
        case highSafety
        /// Deployments with `--database-migration` (given or inferred).
        case databaseMigration
        /// Deployments to one of these platforms.
        case platforms([Platform])

        public static let keywords = ["always", "high-safety", "database-migration"]

        public var description: String {
            switch self {
            case .always: "always"
            case .highSafety: "high-safety"
            case .databaseMigration: "database-migration"
            case .platforms(let platforms): "[" + platforms.map(\.rawValue).joined(separator: ", ") + "]"
            }
        }
    }

    /// One configured backup.
    public struct Step: Sendable, Equatable {
        public var kind: Kind
        public var run: [String]
        public var when: When
        public var origin: String

        public init(kind: Kind, run: [String], when: When, origin: String) {
            self.kind = kind
            self.run = run
            self.when = when
            self.origin = origin
        }
    }

    /// In kind order: database, configuration, state.
    public var steps: [Step]

    public init(steps: [Step] = []) {
        self.steps = steps.sorted { $0.kind < $1.kind }
    }
}

/// The scopes of `git deploy rollback --scope` (issue 17 item 5).
public enum RollbackScope: String, Sendable, CaseIterable {
    case full, application, database, configuration
}
