import ArgumentParser
import DeployKit
import Foundation

/// `git deploy history`: the recorded deployments, newest first; shares them with `--fetch`/`--push`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List recorded deployments (refs/notes/deployments), newest first.",
        discussion: """
            --fetch REMOTE merges the remote's history into ours (entries of both sides kept); \
            --push REMOTE publishes ours (fetching and merging first if the remote moved on). \
            Both run your own git, so credential helpers and SSH configuration apply.
            """)

    @Argument(help: "Only this environment.")
    var environment: String?

    @Option(name: .customLong("env"), help: "Only this environment, as an option.")
    var environmentOption: String?

    @Option(help: ArgumentHelp("At most N entries (with --metrics: the last N deployments of each environment, default 20).", valueName: "N"))
    var limit: Int?

    @Option(help: "Output format: text or json (an array of entries, or of metrics with --metrics).")
    var format: OutputFormat = .text

    @Flag(help: "Show success rate and median duration per environment instead of the entries.")
    var metrics = false

    @Option(help: ArgumentHelp("Fetch and merge the history from REMOTE first.", valueName: "REMOTE"))
    var fetch: String?

    @Option(help: ArgumentHelp("Push the history to REMOTE (after --fetch, if given).", valueName: "REMOTE"))
    var push: String?

    mutating func validate() throws {
        if environment != nil, environmentOption != nil, environment != environmentOption {
            throw ValidationError("give the environment once: either as an argument or with --env")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
        for remote in [fetch, push].compactMap({ $0 }) {
            if let problem = NotesSync.validate(remote: remote) { throw ValidationError("\(problem); name a remote or a URL") }
        }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let request = HistoryRequest(environment: environment ?? environmentOption, limit: limit, metrics: metrics,
                                     fetch: fetch, push: push, environmentVariables: ProcessInfo.processInfo.environment)
        switch (try HistoryListing.read(request, in: snapshot, diagnostics: StandardError.diagnostics()), format) {
        case (.entries(let entries), .json): print(JSONValue.array(entries.map(\.json)).serialized())
        case (.entries(let entries), .text): printText(HistoryText.entries(entries))
        case (.metrics(let summaries, _), .json): print(JSONValue.array(summaries.map(\.json)).serialized())
        case (.metrics(let summaries, let window), .text): printText(HistoryText.metrics(summaries, window: window))
        }
    }
}
