import Foundation
import GitRepository

/// How the monitoring window of a deployment runs (`--monitor`).
public enum MonitorMode: String, Sendable, CaseIterable {
    /// In the `git deploy` process, which waits for it (the default).
    case foreground
    /// Handed to a background process that outlives the command.
    case detach
    /// Not run: the deployment ends at verification.
    case off
}

/// Where a monitoring window got to, as the history entry's `monitor.outcome` says.
public enum MonitorOutcome: String, Sendable {
    /// The window is running in the `git deploy` process.
    case running
    /// The window was handed to a background process and is running there.
    case detached
    /// Every probe held for the whole window.
    case passed
    /// A probe failed `failure-threshold` rounds in a row: the deployment is failed (or rolled back).
    case failed
    /// Someone stopped watching (Ctrl-C, SIGTERM): the deployment keeps its status.
    case stopped
    /// `--monitor off` skipped a configured window.
    case off

    /// False while the window is still running.
    public var isFinal: Bool { self != .running && self != .detached }
}

/// The `monitor` object of a history entry: what the window was and how it ended.
public struct MonitorState: Sendable, Equatable {
    public var outcome: MonitorOutcome
    public var mode: MonitorMode
    public var duration: Double
    public var interval: Double
    public var probes: [String]
    public var startedAt: Date?
    public var endedAt: Date?
    /// Rounds of probes run so far.
    public var rounds: Int = 0
    /// Why the window failed or stopped.
    public var reason: String?
    /// The background monitor's log file (detach).
    public var log: String?
    /// The automatic rollback it ran, when it did.
    public var rollbackID: String?

    public init(outcome: MonitorOutcome, mode: MonitorMode, window: MonitorWindowSettings, probes: [ProbeSettings]) {
        self.outcome = outcome
        self.mode = mode
        self.duration = window.duration
        self.interval = window.interval
        self.probes = probes.map(\.name)
    }

    public var json: JSONValue {
        .object([
            ("outcome", .string(outcome.rawValue)),
            ("mode", .string(mode.rawValue)),
            ("duration_seconds", .double(duration)),
            ("interval_seconds", .double(interval)),
            ("probes", .array(probes.map(JSONValue.string))),
            ("started_at", .optional(startedAt.map(Timestamp.format))),
            ("ended_at", .optional(endedAt.map(Timestamp.format))),
            ("rounds", .int(rounds)),
            ("reason", .optional(reason)),
            ("log", .optional(log)),
            ("rollback_id", .optional(rollbackID)),
        ])
    }
}

extension DeploymentRecord {
    /// The entry's `monitor` object; nil when the deployment had no monitoring window.
    public var monitor: JSONValue? {
        guard case .object? = self["monitor"] else { return nil }
        return self["monitor"]
    }

    public var monitorOutcome: MonitorOutcome? {
        monitor?["outcome"]?.stringValue.flatMap(MonitorOutcome.init(rawValue:))
    }

    /// Whether its monitoring window has not ended yet (running here or in a detached process).
    public var isInMonitoringWindow: Bool {
        monitorOutcome == .running || monitorOutcome == .detached
    }

    /// Breaks a tie between two versions of one entry with the same status and timestamp (the
    /// monitoring window rewrites its entry in place): a window that ended beats one still running.
    var monitorRank: Int {
        guard let outcome = monitorOutcome else { return 0 }
        return outcome.isFinal ? 2 : 1
    }

    /// The same entry with `status` and `monitor` replaced (or `monitor` added), every other field kept.
    public func with(status: DeploymentStatus, monitor: MonitorState) -> DeploymentRecord? {
        var fields = json.objectMembers.map { $0.0 == "status" ? ($0.0, JSONValue.string(status.rawValue)) : $0 }
        if let index = fields.firstIndex(where: { $0.0 == "monitor" }) {
            fields[index].1 = monitor.json
        } else {
            fields.append(("monitor", monitor.json))
        }
        return DeploymentRecord(json: .object(fields))
    }
}

extension JSONValue {
    /// An object's members in order; empty for anything else.
    var objectMembers: [(String, JSONValue)] {
        if case .object(let members) = self { return members }
        return []
    }

}

extension HistoryStore {
    /// Rewrites the entry `id` in the note on `commit` by compare-and-swap: `transform` gets the
    /// entry as it is at the tip of each attempt (another writer may have marked it rolled back
    /// meanwhile), and returns its new version, or nil to leave it alone. Every other entry and
    /// anything foreign in the note is kept. Returns the entry written, nil when none was.
    @discardableResult
    public func update(id: String, on commit: ObjectID, identity: Identity,
                       _ transform: (DeploymentRecord) -> DeploymentRecord?) throws(DeployError) -> DeploymentRecord? {
        let publisher = NotesPublisher(repository: repository, ref: ref)
        var written: DeploymentRecord?
        try publisher.publish(message: "git-deploy: update \(id)") { tip throws(DeployError) -> ObjectID? in
            written = nil
            guard let tip else { return nil }
            let unsigned = try DeployError.reading("update the deployment note") { () -> ObjectID? in
                guard let note = try repository.note(on: commit, inNotesCommit: tip) else { return nil }
                var document = NoteDocument.parse(try repository.blobBytes(note.blob))
                guard let index = document.elements.firstIndex(where: { if case .entry(let entry) = $0 { entry.id == id } else { false } }),
                      case .entry(let current) = document.elements[index], let updated = transform(current) else { return nil }
                document.elements[index] = .entry(updated)
                written = updated
                return try repository.createNotesCommit(base: tip, parents: [tip], notes: [commit: document.serialized()],
                                                        identity: identity, message: "git-deploy: update \(id) (\(updated.environment) \(updated.status.rawValue))")
            }
            guard let unsigned else { return nil }
            guard signed else { return unsigned }
            return try NotesSigner(repository: repository).sign(unsigned, parents: [tip], message: "git-deploy: update \(id)", identity: identity)
        }
        return written
    }
}
