/// Who deploys a change (DESIGN §2): the built-in systems, or any name a config route or target adds.
public struct Target: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The target's name, as written in rules, records and `.deployment_config`.
    public let rawValue: String

    /// Wraps any name: targets are an open set (STYLE §5).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Allows `"release-workflow" as Target` in tables and tests.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The name itself.
    public var description: String { rawValue }

    /// The seed's release workflow (prod deployments).
    public static let releaseWorkflow: Target = "release-workflow"
    /// The seed's rollback system (every rollback, DESIGN §3 D1).
    public static let rollbackSystem: Target = "rollback-system"
    /// The seed's infrastructure orchestrator (complex deployments).
    public static let infraOrchestrator: Target = "infra-orchestrator"
    /// The seed's CI/CD orchestrator (pipeline mode).
    public static let cicdOrchestrator: Target = "cicd-orchestrator"
    /// Deploy directly, with no orchestrator (dev, simple staging, the fallback).
    public static let directDeployment: Target = "direct-deployment"

    /// The five targets of DESIGN §2, in its order.
    public static let builtIn: [Target] = [
        .releaseWorkflow, .rollbackSystem, .infraOrchestrator, .cicdOrchestrator, .directDeployment,
    ]
}
