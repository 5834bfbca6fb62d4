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

    @Flag(help: "Follow the newest monitoring window until it ends: exit 0 when it passed (or was stopped), 5 when it failed.")
    var watch = false

    @Option(name: .customLong("env"), help: ArgumentHelp("With --watch: the newest window of this environment.", valueName: "ENV"))
    var environment: String?

    mutating func validate() throws {
        if window < 1 { throw ValidationError("--window must be 1 or more") }
        if environment != nil, !watch { throw ValidationError("--env goes with --watch") }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        if watch { return try StatusWatch.run(in: snapshot, environment: environment, format: format) }
        let now = Date()
        let report = try StatusReport.make(in: snapshot, window: window, now: now)
        report.warnings.forEach(StandardError.diagnostics().warning)
        // DORA's four keys over the last 30 days, one line per environment (README "Report").
        let keys = try DeploymentReport.make(ReportRequest(window: ReportWindow(since: now.addingTimeInterval(-30 * 86_400), until: now)), in: snapshot)
        switch format {
        case .json:
            guard case .object(let fields) = report.json else { return }
            print(JSONValue.object(fields + [("dora_last_30_days", keys.json)]).serialized())
        case .text:
            printText(HistoryText.status(report))
            if !keys.rows.isEmpty { printText("\nLast 30 days (git deploy report for more):\n" + ReportText.statusLines(keys)) }
        }
    }
}
