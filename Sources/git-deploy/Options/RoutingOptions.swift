import ArgumentParser
import DeployCore
import DeployKit

/// The flags every routing command shares (DESIGN §2 and §5).
struct RoutingOptions: ParsableArguments {
    @Argument(help: "The environment (prod, staging, dev, an alias, or one from .deploy.yml). Default: inferred from the ref.")
    var environment: String?

    @Option(name: .customLong("env"), help: "The environment, as an option.")
    var environmentOption: String?

    @Option(name: .customLong("type"), help: "The platform: auto, docker, k8s, serverless, github-actions, traditional.")
    var platform: String = "auto"

    @Option(help: "The complexity: auto, simple, medium, complex, any.")
    var complexity: String = "auto"

    @Flag(help: "Roll back (routes to rollback-system).") var rollback = false
    @Flag(name: [.customLong("pipeline"), .customLong("ci-cd")], help: "Deploy through the CI/CD pipeline.") var pipeline = false
    @Flag(help: "The change spans several services.") var multiService = false
    @Flag(help: "The change carries a database migration.") var databaseMigration = false
    @Flag(help: "The change breaks compatibility.") var breakingChanges = false
    @Flag(help: "The change touches external integrations.") var externalIntegrations = false
    @Option(name: .customLong("emergency"), help: EmergencyOption.help) var emergencyReason: String?

    @Flag(name: .customLong("no-infer"), help: "Do not infer options from the commits being deployed.")
    var noInfer = false

    @Option(help: ArgumentHelp("The commits being deployed, in Git's revision syntax: A..B, A...B or \"^A B\" (default: since the last deployment or release tag).", valueName: "RANGE"))
    var range: String?

    mutating func validate() throws {
        if environment != nil, environmentOption != nil, environment != environmentOption {
            throw ValidationError("give the environment once: either as an argument or with --env")
        }
        if platform != "auto", Platform(rawValue: platform) == nil {
            throw ValidationError("unknown --type '\(platform)'; use auto, \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if complexity != "auto", Complexity(rawValue: complexity) == nil {
            throw ValidationError("unknown --complexity '\(complexity)'; use auto, \(Complexity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        emergencyReason = try EmergencyOption.validate(emergencyReason)
    }

    var options: Set<DeployOption> {
        var options: Set<DeployOption> = []
        if rollback { options.insert(.rollback) }
        if pipeline { options.insert(.pipeline) }
        if multiService { options.insert(.multiService) }
        if databaseMigration { options.insert(.databaseMigration) }
        if breakingChanges { options.insert(.breakingChanges) }
        if externalIntegrations { options.insert(.externalIntegrations) }
        if emergencyReason != nil { options.insert(.emergency) }
        return options
    }

    func request(environmentVariables: [String: String]) -> DeploymentRequest {
        DeploymentRequest(
            environment: environment ?? environmentOption,
            platform: Platform(rawValue: platform),
            complexity: Complexity(rawValue: complexity),
            options: options,
            inferOptions: !noInfer,
            environmentVariables: environmentVariables,
            range: range.map(DeploymentRequest.RangeSpec.revisions))
            .withEmergencyReason(emergencyReason)
    }
}

/// `--format`: text for people, json for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
