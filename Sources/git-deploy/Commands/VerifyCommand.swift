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
        let report = try ProbeRunner.verify(environment: environment, in: try RepositorySnapshot.readForProcess())
        switch format {
        case .json: print(report.json.serialized())
        case .text: printText(report.table.hasSuffix("\n") ? report.table : report.table + "\n")
        }
        if let error = report.error { throw error }
    }
}
