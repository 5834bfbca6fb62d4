import Foundation
import GitRepository

/// `git deploy record`: what to record about a deployment done elsewhere (a CI job's own step).
public struct RecordRequest: Sendable {
    /// Routed like `explain` to fill in the target, routing key, platform and the rest.
    public var routing: DeploymentRequest
    public var status: DeploymentStatus
    /// Given with `--id` (to update the status of an entry recorded before); made otherwise.
    public var id: String?
    /// The target that took the deployment, when not the routed one.
    public var target: String?
    public var durationSeconds: Double?
    public var gates: [JSONValue] = []
    public var probes: [JSONValue] = []

    public init(routing: DeploymentRequest, status: DeploymentStatus, id: String? = nil, target: String? = nil,
                durationSeconds: Double? = nil) {
        self.routing = routing
        self.status = status
        self.id = id
        self.target = target
        self.durationSeconds = durationSeconds
    }
}

/// What `record` wrote.
public struct RecordOutcome: Sendable {
    public let entry: DeploymentRecord
    public let metricsPath: String
    public let warnings: [String]
}

/// Builds a history entry from a routing decision and appends it (DESIGN §8).
public enum Recorder {
    public static func record(_ request: RecordRequest, in workspace: Workspace, now: Date = Date()) throws(DeployError) -> RecordOutcome {
        let explanation = try Explainer.explain(request.routing, in: workspace)
        guard let commitHex = explanation.commit, let commit = ObjectID(hex: commitHex) else {
            throw DeployError.badInput("nothing to record: HEAD has no commits yet",
                                       hint: "commit first, or name the deployed commit with --commit REF")
        }
        let repository = workspace.repository
        let store = HistoryStore(repository: repository, signed: workspace.configuration.records.requireSigned)
        let environment = explanation.environment.name
        let id = request.id ?? DeploymentID.make(commit: commit, date: now)
        let previous = try store.read(HistoryQuery(environment: environment, statuses: [.succeeded], limit: 2))
            .entries.first { $0.id != id }
        let identity = CommitterIdentity.resolve(repository: repository, environment: request.routing.environmentVariables)

        var draft = DeploymentRecord.Draft(id: id, environment: environment, commit: commit, status: request.status, date: now)
        draft.branch = explanation.branch
        draft.tag = explanation.tag
        draft.target = request.target ?? explanation.target?.rawValue
        draft.routingKey = explanation.routingKey?.description
        // The rule explains the routed target only; a target given by hand was not chosen by a rule.
        draft.rule = request.target == nil || request.target == explanation.target?.rawValue ? explanation.decision?.rule : nil
        draft.options = explanation.options.map(\.rawValue)
        draft.complexity = explanation.routing.complexity.rawValue
        draft.platform = explanation.platform?.rawValue
        draft.mode = explanation.routing.mode.rawValue
        draft.durationSeconds = request.durationSeconds
        draft.user = identity?.description
        draft.previousCommit = previous?.commit
        draft.gates = request.gates
        draft.probes = request.probes
        let entry = DeploymentRecord(draft)

        try store.append(entry, identity: identity ?? .fallback)
        let metricsPath = try MetricsFile.write(entry, commonDirectory: repository.commonDirectory)
        return RecordOutcome(entry: entry, metricsPath: metricsPath, warnings: explanation.warnings)
    }
}
