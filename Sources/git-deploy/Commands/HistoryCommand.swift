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

    @Option(help: ArgumentHelp("At most N entries.", valueName: "N"))
    var limit: Int?

    @Option(help: "Output format: text or json (an array of entries, or of metrics with --metrics).")
    var format: OutputFormat = .text

    @Flag(help: "An alias of `git deploy report` (DORA's four keys per environment), kept for scripts.")
    var metrics = false

    @Option(help: ArgumentHelp("With --metrics: the report's window start (see `report --since`).", valueName: "WHEN"))
    var since: String?

    @Option(help: ArgumentHelp("With --metrics: the report's window end (see `report --until`).", valueName: "WHEN"))
    var until: String?

    @Option(help: ArgumentHelp("Fetch and merge the history from REMOTE first.", valueName: "REMOTE"))
    var fetch: String?

    @Option(help: ArgumentHelp("Push the history to REMOTE (after --fetch, if given).", valueName: "REMOTE"))
    var push: String?

    mutating func validate() throws {
        if environment != nil, environmentOption != nil, environment != environmentOption {
            throw ValidationError("give the environment once: either as an argument or with --env")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
        if !metrics, since != nil || until != nil { throw ValidationError("--since and --until go with --metrics (or use `git deploy report`)") }
        if metrics, fetch != nil || push != nil { throw ValidationError("--metrics is `git deploy report`: run --fetch/--push without it first") }
        for remote in [fetch, push].compactMap({ $0 }) {
            if let problem = NotesSync.validate(remote: remote) { throw ValidationError("\(problem); name a remote or a URL") }
        }
    }

    func run() throws {
        if metrics { return try runReport() }
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

    /// `--metrics` was a success rate per environment; `report` replaced it with DORA's four keys.
    private func runReport() throws {
        if limit != nil {
            StandardError.diagnostics().warning("--limit does not apply to --metrics, now `git deploy report`: its window is --since/--until")
        }
        var arguments = [environment ?? environmentOption].compactMap { $0 } + ["--format", format.rawValue]
        if let since { arguments += ["--since", since] }
        if let until { arguments += ["--until", until] }
        let report = try ReportCommand.parse(arguments)
        try report.run()
    }
}
