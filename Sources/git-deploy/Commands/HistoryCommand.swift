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
        try reportingErrors {
            let workspace = try Workspace.openForProcess()
            let repository = workspace.repository
            let store = HistoryStore(repository: repository)
            if fetch != nil || push != nil {
                let identity = CommitterIdentity.resolve(repository: repository, environment: ProcessInfo.processInfo.environment)
                let sync = NotesSync(repository: repository, identity: identity ?? .fallback)
                if let fetch {
                    let outcome = try sync.fetch(remote: fetch)
                    note("fetched deployment history from \(fetch): \(outcome.rawValue)")
                }
                if let push {
                    let pushed = try sync.push(remote: push)
                    note(pushed ? "pushed deployment history to \(push)" : "no deployment history to push")
                }
            }
            let filter = try (environment ?? environmentOption).map { name throws(DeployError) in
                try store.environmentName(name, configuration: workspace.configuration)
            }
            if metrics {
                let window = limit ?? 20
                let page = try store.read(HistoryQuery(environment: filter))
                page.warnings.forEach(warn)
                let order = workspace.configuration.environments.definitions.map(\.name)
                let summaries = DeploymentMetrics.perEnvironment(page.entries, window: window, order: order)
                switch format {
                case .json: print(JSONValue.array(summaries.map(\.json)).serialized())
                case .text: printText(HistoryText.metrics(summaries, window: window))
                }
                return
            }
            let page = try store.read(HistoryQuery(environment: filter, limit: limit))
            page.warnings.forEach(warn)
            switch format {
            case .json: print(JSONValue.array(page.entries.map(\.json)).serialized())
            case .text: printText(HistoryText.entries(page.entries))
            }
        }
    }

    /// Progress for people goes to standard error: standard output belongs to the listing.
    private func note(_ text: String) {
        printError(text)
    }
}
