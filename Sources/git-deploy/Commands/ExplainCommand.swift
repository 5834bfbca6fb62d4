import ArgumentParser
import DeployKit
import Foundation

/// `--format` for explain: the CI formats carry the hand-off's keys (DESIGN §8).
enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
    case githubOutput = "github-output"
    case dotenv
}

/// `git deploy explain`: the routing decision and its evidence, with no side effects.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where the current ref would deploy, which system would take it, and why. Writes nothing.")

    @OptionGroup var routing: RoutingOptions

    @Option(help: "Output format: text, json, github-output (lines for $GITHUB_OUTPUT) or dotenv (GitLab's dotenv report).")
    var format: ExplainFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = try Workspace.openForProcess()
            let explanation = try Explainer.explain(
                routing.request(environmentVariables: ProcessInfo.processInfo.environment), in: workspace)
            switch format {
            case .json: print(explanation.json.serialized())
            case .text: print(ExplanationText(explanation, style: .forStandardOutput).render(), terminator: "")
            case .githubOutput: print(try handoff(explanation, workspace).githubOutput, terminator: "")
            case .dotenv: print(try handoff(explanation, workspace).dotenv(), terminator: "")
            }
        }
    }

    /// The same data `.deployment_config` would hold, for CI systems to read.
    private func handoff(_ explanation: Explanation, _ workspace: Workspace) throws -> Handoff {
        let now = Date()
        return Handoff(explanation, id: Handoff.makeID(commit: explanation.commit, at: now), timestamp: now,
                       previousCommit: try workspace.previousSuccessfulCommit(environment: explanation.environment.name))
    }
}
