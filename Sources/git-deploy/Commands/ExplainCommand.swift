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
        let snapshot = try RepositorySnapshot.readForProcess()
        let plan = try Planner.plan(routing.request(environmentVariables: ProcessInfo.processInfo.environment), in: snapshot)
        switch format {
        case .json: print(plan.explainJSON.serialized())
        case .text:
            print(ExplanationText(plan.explanation, style: .forStandardOutput).render(), terminator: "")
            print(SafetyNetText(plan: plan, style: .forStandardOutput).render(), terminator: "")
        // The same data `.deployment_config` would hold, for CI systems to read.
        case .githubOutput: print(plan.handoff.githubOutput, terminator: "")
        case .dotenv: print(try plan.handoff.dotenv(), terminator: "")
        }
    }
}
