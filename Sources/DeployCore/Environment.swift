/// How careful a deployment to an environment must be (DESIGN §2, the seed's ENVIRONMENT_SAFETY).
public enum SafetyLevel: String, CaseIterable, Sendable, Comparable {
    case low, medium, high

    /// Orders by strictness (`low < medium < high`), so pre-push can pick the most careful ref (DESIGN §6).
    public static func < (lhs: SafetyLevel, rhs: SafetyLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}

/// One known environment: its canonical name, safety level and the aliases that resolve to it.
public struct EnvironmentDefinition: Equatable, Sendable {
    /// The canonical name used in routing keys and records.
    public var name: String
    /// The gates this environment needs (DESIGN §7).
    public var safety: SafetyLevel
    /// Other names accepted on input (`production` for `prod`).
    public var aliases: [String]

    /// Creates a definition; aliases default to none.
    public init(name: String, safety: SafetyLevel, aliases: [String] = []) {
        self.name = name
        self.safety = safety
        self.aliases = aliases
    }
}
