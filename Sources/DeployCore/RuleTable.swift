/// The ordered rules a routing key is looked up in, first match wins (DESIGN §3).
public struct RuleTable: Sendable {
    /// The effective rules, top to bottom.
    public let rules: [Rule]

    /// DESIGN §3 rows 1..7 exactly.
    public static let defaults = RuleTable(rules: [
        // D1: every rollback goes to the rollback system; the seed's matrix had only prod,any,rollback,
        // so its rollbacks of staging and dev fell through to direct-deployment.
        row("*", "*", "rollback", .rollbackSystem),
        // The seed's any,pipeline,standard: it rewrote the key, we match on the mode instead.
        row("*", "*", "pipeline", .cicdOrchestrator),
        row("prod", "*", "*", .releaseWorkflow),
        // D2: above `*,complex,*`, so dev,complex goes to direct-deployment as the seed's matrix
        // (dev,any) says; the seed's exact-key lookup missed it and its fallback sent it to infra.
        row("dev", "*", "*", .directDeployment),
        row("staging", "simple", "*", .directDeployment),
        row("*", "complex", "*", .infraOrchestrator),
        row("*", "*", "*", .directDeployment),
    ])

    /// Creates a table from rules, evaluated in the given order.
    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// User rules evaluated before the defaults, or instead of them.
    public static func combining(user: [Rule], replaceDefaults: Bool) -> RuleTable {
        RuleTable(rules: replaceDefaults ? user : user + defaults.rules)
    }

    /// The first matching rule and the trace up to it; nil only when a user table without a catch-all matches nothing.
    public func decide(_ key: RoutingKey) -> Decision? {
        var trace: [TraceStep] = []
        for (index, rule) in rules.enumerated() {
            let matched = rule.matches(key)
            trace.append(TraceStep(rule: index + 1, pattern: rule.pattern, matched: matched, origin: rule.origin))
            if matched {
                return Decision(key: key, target: rule.target, rule: index + 1, origin: rule.origin, trace: trace)
            }
        }
        return nil
    }

    private static func row(_ environment: String, _ complexity: String, _ mode: String, _ target: Target) -> Rule {
        Rule(
            environment: FieldPattern(environment),
            complexity: FieldPattern(complexity),
            mode: FieldPattern(mode),
            target: target,
            origin: "default"
        )
    }
}
