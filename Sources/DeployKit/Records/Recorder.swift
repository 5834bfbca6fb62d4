import Foundation
import GitRepository

/// `git deploy record`: what to record about a deployment done elsewhere (a CI job's own step).
public struct RecordRequest: Sendable {
    /// Planned like `explain` to fill in the target, routing key, platform and the rest.
    public var routing: DeploymentRequest
    public var status: DeploymentStatus
    /// Given with `--id` (to update the status of an entry recorded before); made otherwise.
    public var id: String?
    /// The target that took the deployment, when not the routed one.
    public var target: String?
    public var durationSeconds: Double?

    public init(routing: DeploymentRequest, status: DeploymentStatus, id: String? = nil, target: String? = nil,
                durationSeconds: Double? = nil) {
        self.routing = routing
        self.status = status
        self.id = id
        self.target = target
        self.durationSeconds = durationSeconds
    }
}

/// What was recorded.
public struct RecordOutcome: Sendable {
    public let entry: DeploymentRecord
    public let metricsPath: String
    public let warnings: [String]
}

/// The one place a deployment is written down (DESIGN §8): its entry in the history note on the
/// deployed commit, and its metrics file. The executor records every run here; `git deploy
/// record` records a deployment done elsewhere here.
public enum Recorder {
    /// `git deploy record`: plans the request like `explain` and records it with the given status.
    public static func record(_ request: RecordRequest, in snapshot: RepositorySnapshot) throws(DeployError) -> RecordOutcome {
        let plan = try Planner.plan(request.routing, in: snapshot)
        let e = plan.explanation
        guard let commit = e.commit else {
            throw DeployError.badInput("nothing to record: HEAD has no commits yet",
                                       hint: "commit first, or name the deployed commit with --commit REF")
        }
        let id = request.id ?? plan.id
        var draft = draft(plan, id: id, commit: commit, status: request.status)
        draft.target = request.target ?? e.target?.rawValue
        // The rule explains the routed target only; a target given by hand was not chosen by a rule.
        draft.rule = request.target == nil || request.target == e.target?.rawValue ? e.decision?.rule : nil
        draft.durationSeconds = request.durationSeconds
        // Updating an entry recorded before: its previous deployment is not itself.
        draft.previousCommit = try snapshot.history.recentSuccesses(environment: e.environment.name).first { $0.id != id }?.commit
        return try write(draft, replacing: nil, plan: plan, in: snapshot, warnings: e.warnings)
    }

    /// A run of the executor that happened (not blocked, not a dry run).
    @discardableResult
    static func record(_ run: DeploymentRun, in snapshot: RepositorySnapshot) throws(DeployError) -> RecordOutcome {
        let e = run.explanation
        guard let commit = e.commit else {
            throw DeployError.badInput("nothing to record: the deployment has no commit")
        }
        var draft = draft(run.plan, id: run.id, commit: commit, status: run.historyStatus)
        draft.durationSeconds = run.duration
        draft.previousCommit = run.previousCommit
        draft.gates = run.gates.map(\.json)
        draft.probes = run.verification?.probes.map(\.json) ?? []
        if !run.backups.isEmpty { draft.backups = run.backups.map(\.json) }
        draft.rollbackScope = run.plan.safetyNet.rollbackScope?.scope.rawValue
        draft.monitor = run.monitoring.state?.json
        // Optional: whose expired environment lock this run took over (issue 14, item 3).
        if let takeover = run.lockTakeover { draft.extraFields.append(("lock_takeover", takeover.json)) }
        // A rollback replaces what was running: that entry is marked rolled-back. (After an
        // automatic rollback the running one is the previous good deployment, rolled back *to*.)
        var replaced: DeploymentRecord?
        if e.routing.mode == .rollback, run.status == .succeeded {
            replaced = try snapshot.history.lastSuccessful(environment: e.environment.name)
        }
        return try write(draft, replacing: replaced, plan: run.plan, in: snapshot, warnings: [])
    }

    /// The fields every entry takes from its plan.
    private static func draft(_ plan: DeploymentPlan, id: String, commit: ObjectID, status: DeploymentStatus) -> DeploymentRecord.Draft {
        let e = plan.explanation
        var draft = DeploymentRecord.Draft(id: id, environment: e.environment.name, commit: commit, status: status, date: plan.createdAt)
        draft.branch = e.branch
        draft.tag = e.tag
        draft.target = e.target?.rawValue
        draft.routingKey = e.routingKey?.description
        draft.rule = e.decision?.rule
        draft.options = e.options.map(\.rawValue)
        draft.complexity = e.routing.complexity.rawValue
        draft.platform = e.platform?.rawValue
        draft.mode = e.routing.mode.rawValue
        draft.emergencyReason = plan.request.emergencyReason
        return draft
    }

    /// Appends the entry (and marks the one a rollback replaced), then writes the metrics file.
    private static func write(_ draft: DeploymentRecord.Draft, replacing replaced: DeploymentRecord?, plan: DeploymentPlan,
                              in snapshot: RepositorySnapshot, warnings: [String]) throws(DeployError) -> RecordOutcome {
        let repository = snapshot.repository
        let resolved = CommitterIdentity.resolve(repository: repository, environment: plan.request.environmentVariables)
        var draft = draft
        draft.user = resolved?.description
        let entry = DeploymentRecord(draft)
        let identity = resolved ?? .fallback
        try snapshot.history.append(entry, identity: identity)
        let metricsPath = try MetricsFile.write(entry, commonDirectory: repository.commonDirectory)
        if let replaced, replaced.commit != entry.commit, let rolledBack = replaced.with(status: .rolledBack) {
            try snapshot.history.append(rolledBack, identity: identity)
        }
        return RecordOutcome(entry: entry, metricsPath: metricsPath, warnings: warnings)
    }
}
