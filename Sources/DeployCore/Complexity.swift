/// How involved a deployment is (DESIGN §2); `any` is the wildcard input passed through to the key.
public enum Complexity: String, CaseIterable, Sendable {
    case simple, medium, complex
    /// Not assessed: only a `*` rule field matches it (DESIGN §3).
    case any
}

/// The complexity score and class of DESIGN §3, as the seed's assess_deployment_complexity computes them.
public struct ComplexityAssessment: Equatable, Sendable {
    /// Platform points plus option points.
    public let score: Int
    /// The class of the score: never `.any`.
    public let complexity: Complexity

    /// Creates an assessment from a score and its class.
    public init(score: Int, complexity: Complexity) {
        self.score = score
        self.complexity = complexity
    }

    /// DESIGN §3: platform points (nil = not known, 0 points, as the seed scores "auto") + option points; >=4 complex, >=2 medium, else simple.
    public static func assess(platform: Platform?, options: Set<DeployOption>) -> ComplexityAssessment {
        let score = (platform?.complexityPoints ?? 0) + options.reduce(0) { $0 + $1.complexityPoints }
        let complexity: Complexity =
            switch score {
            case 4...: .complex
            case 2...: .medium
            default: .simple
            }
        return ComplexityAssessment(score: score, complexity: complexity)
    }
}
