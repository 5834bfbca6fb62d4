import ArgumentParser
import DeployKit
import Foundation

/// `git deploy explain`: the routing decision and its evidence, with no side effects.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where the current ref would deploy, which system would take it, and why. Writes nothing.")

    @OptionGroup var routing: RoutingOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = try openWorkspaceForProcess()
            let explanation = try Explainer.explain(
                routing.request(environmentVariables: ProcessInfo.processInfo.environment), in: workspace)
            switch format {
            case .json: print(explanation.json.serialized())
            case .text: print(ExplanationText(explanation, style: .forStandardOutput).render(), terminator: "")
            }
        }
    }
}
