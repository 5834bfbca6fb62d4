import ArgumentParser
import DeployKit
import Foundation

/// `git deploy record ENV --status STATUS`: writes a history entry for a deployment done elsewhere.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a deployment done elsewhere (e.g. by a CI job's own deploy step) in the history.",
        discussion: """
            The entry is routed like `explain` (target, routing key, platform, complexity) and appended \
            to the note on the deployed commit under refs/notes/deployments; a metrics file is written \
            to .git/deploy/metrics/. Recording the same commit again with the same --id updates that entry's status.
            """)

    @OptionGroup var routing: RoutingOptions

    @Option(help: "planned, dispatched, succeeded, failed or rolled-back.")
    var status: String

    @Option(help: ArgumentHelp("The deployed commit (default: HEAD).", valueName: "REF"))
    var commit: String?

    @Option(help: "The target that took the deployment (default: the routed one).")
    var target: String?

    @Option(help: "The deployment id (default: a new deploy-… id). An id recorded before is updated.")
    var id: String?

    @Option(help: ArgumentHelp("How long the deployment took.", valueName: "SECONDS"))
    var duration: Double?

    @Option(help: "Output format: text or json (the entry).")
    var format: OutputFormat = .text

    mutating func validate() throws {
        if routing.environment == nil, routing.environmentOption == nil {
            throw ValidationError("name the environment that was deployed: git deploy record ENV --status STATUS")
        }
        if DeploymentStatus(rawValue: status) == nil {
            throw ValidationError("unknown --status '\(status)'; use \(DeploymentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let id, !DeploymentID.isValid(id) {
            throw ValidationError("--id '\(id)': use letters, digits, '.', '_' and '-' (not first), at most 128")
        }
        if let duration, !duration.isFinite || duration < 0 {
            throw ValidationError("--duration must be a number of seconds, 0 or more")
        }
        if let target, target.isEmpty || target.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw ValidationError("--target must be a non-empty name")
        }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        var request = routing.request(environmentVariables: ProcessInfo.processInfo.environment)
        request.revision = commit
        let outcome = try Recorder.record(
            RecordRequest(routing: request, status: DeploymentStatus(rawValue: status) ?? .succeeded,
                          id: id, target: target, durationSeconds: duration),
            in: snapshot)
        outcome.warnings.forEach(StandardError.diagnostics().warning)
        switch format {
        case .json: print(outcome.entry.json.serialized())
        case .text: printText(HistoryText.recorded(outcome) + "\n")
        }
    }
}
