import Foundation
import GitRepository

/// Writes a finished `git deploy` run into the history note and the metrics file (DESIGN §8).
public struct RunRecorder: DeploymentRecorder {
    public let repository: Repository
    public let environmentVariables: [String: String]
    /// `records.require-signed`.
    public let signed: Bool

    public init(repository: Repository, environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
                signed: Bool = false) {
        self.repository = repository
        self.environmentVariables = environmentVariables
        self.signed = signed
    }

    public func record(_ run: DeploymentRun) throws(DeployError) {
        let e = run.explanation
        guard let commitHex = e.commit, let commit = ObjectID(hex: commitHex) else {
            throw DeployError.badInput("nothing to record: the deployment has no commit")
        }
        let store = HistoryStore(repository: repository, signed: signed)
        let identity = CommitterIdentity.resolve(repository: repository, environment: environmentVariables)
        // A rollback replaces what was running: that entry is marked rolled-back below. (After an
        // automatic rollback the running one is the previous good deployment, rolled back *to*.)
        let replaced = e.routing.mode == .rollback ? try store.lastSuccessful(environment: e.environment.name) : nil

        var draft = DeploymentRecord.Draft(id: run.id, environment: e.environment.name, commit: commit,
                                           status: run.historyStatus, date: run.startedAt)
        draft.branch = e.branch
        draft.tag = e.tag
        draft.target = e.target?.rawValue
        draft.routingKey = e.routingKey?.description
        draft.rule = e.decision?.rule
        draft.options = e.options.map(\.rawValue)
        draft.complexity = e.routing.complexity.rawValue
        draft.platform = e.platform?.rawValue
        draft.mode = e.routing.mode.rawValue
        draft.durationSeconds = run.duration
        draft.user = identity?.description
        draft.previousCommit = run.previousCommit.flatMap(ObjectID.init(hex:))
        draft.gates = run.gates.map(\.json)
        draft.probes = run.verification?.probes.map(\.json) ?? []
        let entry = DeploymentRecord(draft)
        try store.append(entry, identity: identity ?? .fallback)
        _ = try MetricsFile.write(entry, commonDirectory: repository.commonDirectory)

        if let replaced, replaced.commit != commit, run.status == .succeeded || run.status == .dispatched,
           let rolledBack = replaced.with(status: .rolledBack) {
            try store.append(rolledBack, identity: identity ?? .fallback)
        }
    }
}
