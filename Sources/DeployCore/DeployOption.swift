/// A deployment option flag (DESIGN §2); the raw value is the flag's spelling.
public enum DeployOption: String, CaseIterable, Sendable, Comparable {
    case rollback = "--rollback"
    case pipeline = "--pipeline"
    case multiService = "--multi-service"
    case databaseMigration = "--database-migration"
    case breakingChanges = "--breaking-changes"
    case externalIntegrations = "--external-integrations"
    case emergency = "--emergency"

    /// Parses a flag, with or without its leading dashes; `--ci-cd` is the seed's alias of `--pipeline`.
    public init?(flag: String) {
        let spelled = flag.hasPrefix("--") ? flag : "--" + flag
        if spelled == "--ci-cd" {
            self = .pipeline
        } else if let option = DeployOption(rawValue: spelled) {
            self = option
        } else {
            return nil
        }
    }

    /// Whether the option only describes the change (what it touches), so that a commit's
    /// `Deploy-Options:` trailer may give it. `--emergency`, `--rollback` and `--pipeline` lift
    /// gates or change where the deployment goes: only the person running git-deploy gives them,
    /// never whoever wrote a commit in the range.
    public var isDescriptive: Bool {
        switch self {
        case .multiService, .databaseMigration, .breakingChanges, .externalIntegrations: true
        case .rollback, .pipeline, .emergency: false
        }
    }

    /// Points toward the complexity score, exactly the seed's option modifiers (DESIGN §3).
    public var complexityPoints: Int {
        switch self {
        case .multiService, .databaseMigration: 2
        case .breakingChanges, .externalIntegrations: 1
        case .rollback, .pipeline, .emergency: 0
        }
    }

    /// Declaration order, so option lists print in a stable order.
    public static func < (lhs: DeployOption, rhs: DeployOption) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }
}
