/// The whole pure decision: complexity input (nil = auto → assess; .any passes through), mode from options, key, rule table.
public struct RoutingInput: Equatable, Sendable {
    /// The canonical environment name (resolve aliases with `EnvironmentCatalog` first).
    public var environment: String
    /// The platform, or nil when not known: scored 0 like the seed's `auto` (DeployKit detects it first, D3).
    public var platform: Platform?
    /// The given complexity, or nil for `auto` (assess).
    public var complexity: Complexity?
    /// The options from flags and inference.
    public var options: Set<DeployOption>

    /// Creates an input.
    public init(environment: String, platform: Platform?, complexity: Complexity?, options: Set<DeployOption>) {
        self.environment = environment
        self.platform = platform
        self.complexity = complexity
        self.options = options
    }
}

/// What routing found: the assessment, the key's fields and the decision (DESIGN §1 Assessment → Decision).
public struct RoutingResult: Equatable, Sendable {
    /// Always computed, even when a complexity was given, so `explain` can show the score.
    public let assessment: ComplexityAssessment
    /// The complexity used in the key: the given one, else the assessed one.
    public let complexity: Complexity
    /// The mode from the options.
    public let mode: Mode
    /// The decision, nil only when a user table without a catch-all matches nothing.
    public let decision: Decision?

    /// Creates a result.
    public init(assessment: ComplexityAssessment, complexity: Complexity, mode: Mode, decision: Decision?) {
        self.assessment = assessment
        self.complexity = complexity
        self.mode = mode
        self.decision = decision
    }
}

/// Routes an input through a rule table (DESIGN §3).
public enum Router {
    /// Assesses, builds the key `ENV,COMPLEXITY,MODE` and decides with `table`.
    public static func route(_ input: RoutingInput, table: RuleTable = .defaults) -> RoutingResult {
        let assessment = ComplexityAssessment.assess(platform: input.platform, options: input.options)
        let complexity = input.complexity ?? assessment.complexity
        let mode = Mode.from(input.options)
        let key = RoutingKey(environment: input.environment, complexity: complexity, mode: mode)
        return RoutingResult(assessment: assessment, complexity: complexity, mode: mode, decision: table.decide(key))
    }
}
