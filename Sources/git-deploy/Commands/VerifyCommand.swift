import ArgumentParser
import DeployKit
import Foundation

/// `git deploy verify ENV`: run the environment's probes alone.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run ENV's verification probes (verify.<env> in .deploy.yml) and report each; exit 5 when one fails.")

    @Argument(help: "The environment whose probes to run.") var environment: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = try Workspace.openForProcess()
            let name: String
            switch workspace.configuration.environments.resolve(environment) {
            case .success(let definition): name = definition.name
            case .failure(let unknown): throw DeployError.badInput(unknown.description)
            }
            guard let verify = workspace.configuration.verify[name], !verify.probes.isEmpty else {
                throw DeployError.badInput("\(name) has no probes", hint: "add verify.\(name).probes to .deploy.yml")
            }
            let report = ProbeRunner(workingDirectory: workspace.repository.workTreeRoot ?? workspace.repository.gitDirectory)
                .run(verify.probes)
            switch format {
            case .json: print(report.json.serialized())
            case .text: printText(report.table.hasSuffix("\n") ? report.table : report.table + "\n")
            }
            if let error = report.error { throw error }
        }
    }
}
