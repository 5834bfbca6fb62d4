/// One row of the rule table: a pattern over the routing key and the target it routes to (DESIGN §3).
public struct Rule: Equatable, Sendable {
    /// Pattern for the environment field.
    public let environment: FieldPattern
    /// Pattern for the complexity field.
    public let complexity: FieldPattern
    /// Pattern for the mode field.
    public let mode: FieldPattern
    /// Where a matching key is routed.
    public let target: Target
    /// "default" or where a user rule came from, e.g. ".deploy.yml:12", for traces and `config --show-origin`.
    public let origin: String

    /// Creates a rule.
    public init(environment: FieldPattern, complexity: FieldPattern, mode: FieldPattern, target: Target, origin: String) {
        self.environment = environment
        self.complexity = complexity
        self.mode = mode
        self.target = target
        self.origin = origin
    }

    /// The pattern as written in config and shown in traces: "*,*,rollback".
    public var pattern: String {
        "\(environment),\(complexity),\(mode)"
    }

    /// Whether the key matches every field; the complexity `any` is matched only by `*` (DESIGN §3).
    public func matches(_ key: RoutingKey) -> Bool {
        let complexityMatches =
            key.complexity == .any ? complexity == .any : complexity.matches(key.complexity.rawValue)
        return environment.matches(key.environment) && complexityMatches && mode.matches(key.mode.rawValue)
    }
}
