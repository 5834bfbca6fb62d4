/// What a deployment runs on (DESIGN §2); input `auto` means "detect" and is not a case here (DESIGN §4).
public enum Platform: String, CaseIterable, Sendable {
    case docker, k8s, serverless
    case githubActions = "github-actions"
    case traditional

    /// The seed's PLATFORM_CAPABILITIES, in its order; shown by `explain` (DESIGN §2, §5).
    public var capabilities: [String] {
        switch self {
        case .docker: ["container", "registry", "compose"]
        case .k8s: ["container", "orchestration", "scaling", "rolling-updates"]
        case .serverless: ["functions", "auto-scaling", "event-driven"]
        case .githubActions: ["pipeline", "automation", "integration"]
        case .traditional: ["scripts", "custom", "manual"]
        }
    }

    /// Points toward the complexity score, exactly the seed's assess_deployment_complexity (DESIGN §3).
    public var complexityPoints: Int {
        switch self {
        case .k8s: 3
        case .serverless, .docker: 2
        case .traditional: 1
        case .githubActions: 0
        }
    }
}
