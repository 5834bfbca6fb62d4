import ArgumentParser
import DeployKit
import Foundation

/// `git deploy status`: what is deployed where, and how far HEAD has moved on since.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show, per environment, the current deployment, its age, how far HEAD is ahead of it, and recent success rate.")

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Success rate and median duration over the last N deployments of each environment.", valueName: "N"))
    var window = 20

    mutating func validate() throws {
        if window < 1 { throw ValidationError("--window must be 1 or more") }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let report = try StatusReport.make(in: snapshot, window: window)
        report.warnings.forEach(StandardError.diagnostics().warning)
        switch format {
        case .json: print(report.json.serialized())
        case .text: printText(HistoryText.status(report))
        }
    }
}
