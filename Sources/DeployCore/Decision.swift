/// One rule tried while deciding, as `explain` prints it (DESIGN §3, §5 `trace`).
public struct TraceStep: Equatable, Sendable {
    /// 1-based position of the rule in the effective table.
    public let rule: Int
    /// The rule's pattern, "*,*,rollback".
    public let pattern: String
    /// Whether the key matched it (only the last step of a decision did).
    public let matched: Bool
    /// "default" or the rule's config location.
    public let origin: String

    /// Creates a trace step.
    public init(rule: Int, pattern: String, matched: Bool, origin: String) {
        self.rule = rule
        self.pattern = pattern
        self.matched = matched
        self.origin = origin
    }
}

/// Where a key was routed and the evidence: which rule, and every rule tried up to it (STYLE §5).
public struct Decision: Equatable, Sendable {
    /// The key that was routed.
    public let key: RoutingKey
    /// The matching rule's target.
    public let target: Target
    /// 1-based position of the matching rule in the effective table.
    public let rule: Int
    /// The matching rule's origin.
    public let origin: String
    /// Every rule tried up to and including the match.
    public let trace: [TraceStep]

    /// Creates a decision.
    public init(key: RoutingKey, target: Target, rule: Int, origin: String, trace: [TraceStep]) {
        self.key = key
        self.target = target
        self.rule = rule
        self.origin = origin
        self.trace = trace
    }
}
