import Foundation

/// `git deploy history`: what to list, and with which remote to share the history first.
public struct HistoryRequest: Sendable {
    /// Only this environment (a name or alias).
    public var environment: String?
    /// At most this many entries; with `metrics`, the last N deployments of each environment (default 20).
    public var limit: Int?
    /// Success rate and median duration per environment instead of the entries.
    public var metrics: Bool
    /// Fetch and merge the history from this remote first.
    public var fetch: String?
    /// Then push it to this remote.
    public var push: String?
    /// The process environment (for the committer identity of a merge).
    public var environmentVariables: [String: String]

    public init(environment: String? = nil, limit: Int? = nil, metrics: Bool = false, fetch: String? = nil,
                push: String? = nil, environmentVariables: [String: String] = [:]) {
        self.environment = environment
        self.limit = limit
        self.metrics = metrics
        self.fetch = fetch
        self.push = push
        self.environmentVariables = environmentVariables
    }
}

/// The history's entries or their summary, newest first (DESIGN §8).
public enum HistoryListing: Sendable {
    case entries([DeploymentRecord])
    case metrics([DeploymentMetrics], window: Int)

    /// Shares the history when asked (`--fetch`, then `--push`), then reads it. What the sharing
    /// did and notes that could not be read go to `diagnostics`.
    public static func read(_ request: HistoryRequest, in snapshot: RepositorySnapshot,
                            diagnostics: Diagnostics) throws(DeployError) -> HistoryListing {
        let repository = snapshot.repository
        if request.fetch != nil || request.push != nil {
            let identity = CommitterIdentity.resolve(repository: repository, environment: request.environmentVariables)
            let sync = NotesSync(repository: repository, identity: identity ?? .fallback)
            if let remote = request.fetch {
                let outcome = try sync.fetch(remote: remote)
                diagnostics.note("fetched deployment history from \(remote): \(outcome.rawValue)")
            }
            if let remote = request.push {
                let pushed = try sync.push(remote: remote)
                diagnostics.note(pushed ? "pushed deployment history to \(remote)" : "no deployment history to push")
            }
        }
        let store = snapshot.history.store
        let environment = try request.environment.map { name throws(DeployError) in
            try store.environmentName(name, configuration: snapshot.configuration)
        }
        if request.metrics {
            let window = request.limit ?? 20
            let page = try store.read(HistoryQuery(environment: environment))
            page.warnings.forEach(diagnostics.warning)
            let order = snapshot.configuration.environments.definitions.map(\.name)
            return .metrics(DeploymentMetrics.perEnvironment(page.entries, window: window, order: order), window: window)
        }
        let page = try store.read(HistoryQuery(environment: environment, limit: request.limit))
        page.warnings.forEach(diagnostics.warning)
        return .entries(page.entries)
    }
}
