/// The key the rule table is searched with: `ENV,COMPLEXITY,MODE` (DESIGN §3).
public struct RoutingKey: Equatable, Sendable, CustomStringConvertible {
    /// The canonical environment name (aliases are resolved before routing).
    public let environment: String
    /// The assessed or given complexity; `.any` is matched only by `*`.
    public let complexity: Complexity
    /// Rollback, pipeline or standard.
    public let mode: Mode

    /// Creates a key from its three fields.
    public init(environment: String, complexity: Complexity, mode: Mode) {
        self.environment = environment
        self.complexity = complexity
        self.mode = mode
    }

    /// "staging,complex,standard", the form `explain` and `.deployment_config` show.
    public var description: String {
        "\(environment),\(complexity.rawValue),\(mode.rawValue)"
    }
}
