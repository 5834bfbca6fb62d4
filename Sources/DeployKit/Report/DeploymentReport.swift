import Foundation
import GitRepository

/// What `git deploy report` is asked for.
public struct ReportRequest: Sendable {
    /// Environment names or aliases; empty for every environment configured or recorded.
    public var environments: [String]
    public var window: ReportWindow

    public init(environments: [String] = [], window: ReportWindow) {
        self.environments = environments
        self.window = window
    }
}

/// `git deploy report`: DORA's four keys per environment and overall, against the previous window,
/// and what the HTML report draws (README "Report").
public struct DeploymentReport: Sendable {
    public struct Row: Sendable {
        /// The environment's name; nil for the overall row.
        public let environment: String?
        public let current: DoraKeys
        public let previous: DoraKeys
        public var trends: DoraKeys.Trends { current.trends(against: previous) }
    }

    public let window: ReportWindow
    public let rows: [Row]
    public let overall: Row
    /// The window's newest entries (at most `recentCount`), newest first.
    public let recent: [DeploymentRecord]
    /// Every entry of the selected environments in the window, oldest first (the weekly chart).
    public let entries: [(record: DeploymentRecord, date: Date)]
    public let warnings: [String]

    public static let recentCount = 20

    public static func make(_ request: ReportRequest, in snapshot: RepositorySnapshot) throws(DeployError) -> DeploymentReport {
        let store = snapshot.history.store
        let page = try store.read()
        var names: [String] = []
        for name in request.environments {
            let canonical = try store.environmentName(name, configuration: snapshot.configuration)
            if !names.contains(canonical) { names.append(canonical) }
        }
        if names.isEmpty {
            let configured = snapshot.configuration.environments.definitions.map(\.name)
            let recorded = Set(page.entries.map(\.environment))
            names = configured.filter(recorded.contains) + recorded.subtracting(configured).sorted()
        }
        return try make(entries: page.entries, environments: names, window: request.window,
                        graph: RepositoryCommitGraph(repository: snapshot.repository), warnings: page.warnings)
    }

    /// The report of `entries` (any order) for `environments`, in that order.
    public static func make(entries: [DeploymentRecord], environments: [String], window: ReportWindow,
                            graph: CommitGraphReading, warnings: [String] = []) throws(DeployError) -> DeploymentReport {
        var byEnvironment: [String: [DeploymentRecord]] = [:]
        for entry in entries where environments.contains(entry.environment) { byEnvironment[entry.environment, default: []].append(entry) }
        var rows: [Row] = []
        var current = DoraSamples(), previous = DoraSamples()
        for name in environments {
            let history = byEnvironment[name] ?? []
            let now = try DoraSamples.collect(history, window: window, graph: graph)
            let before = try DoraSamples.collect(history, window: window.previous, graph: graph)
            rows.append(Row(environment: name, current: DoraKeys(now, window: window), previous: DoraKeys(before, window: window.previous)))
            current = current + now
            previous = previous + before
        }
        let overall = Row(environment: nil, current: DoraKeys(current, window: window), previous: DoraKeys(previous, window: window.previous))
        let selected = DoraSamples.chronological(environments.flatMap { byEnvironment[$0] ?? [] }).filter { window.contains($0.date) }
        var notes = warnings
        if current.commitsMissing > 0 {
            notes.append("\(current.commitsMissing) successful deployment(s) name a commit this repository does not have: "
                         + "their lead time is not counted (fetch the commits to count it)")
        }
        return DeploymentReport(window: window, rows: rows, overall: overall,
                                recent: Array(selected.suffix(recentCount).reversed().map(\.record)),
                                entries: selected, warnings: notes)
    }
}
