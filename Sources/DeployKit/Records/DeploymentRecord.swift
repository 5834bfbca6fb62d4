import Foundation
import GitRepository

/// One history entry (DESIGN §8): a JSON object in the note on the deployed commit.
///
/// The entry keeps the object exactly as read, fields in their order, including fields this
/// version does not know (written by a newer git-deploy or another tool), so rewriting a note to
/// append never drops anything. The typed properties are views of those fields.
public struct DeploymentRecord: Sendable, Equatable {
    /// The entry schema version written in `schema`.
    public static let schemaVersion = 1

    /// The object's members as read or made, in order.
    public private(set) var fields: [(String, JSONValue)]
    /// A unique id (`deploy-YYYYMMDD-HHMMSS-<7 hex>-<4 hex>` when git-deploy made it).
    public let id: String
    /// The canonical environment name.
    public let environment: String
    /// The deployed commit.
    public let commit: ObjectID
    public let status: DeploymentStatus
    /// ISO 8601 UTC, as written.
    public let timestamp: String
    /// The parsed timestamp; nil when another tool wrote one this version cannot read (sorts oldest).
    public let date: Date?

    /// Reads an entry; nil unless it is an object with a non-empty string `id` and `environment`,
    /// a 40-hex `commit`, a known `status` and a string `timestamp`.
    public init?(json: JSONValue) {
        guard case .object(let members) = json,
              let id = json["id"]?.stringValue, !id.isEmpty,
              let environment = json["environment"]?.stringValue, !environment.isEmpty,
              let commitHex = json["commit"]?.stringValue, let commit = ObjectID(hex: commitHex),
              let statusText = json["status"]?.stringValue, let status = DeploymentStatus(rawValue: statusText),
              let timestamp = json["timestamp"]?.stringValue else { return nil }
        self.fields = members
        self.id = id
        self.environment = environment
        self.commit = commit
        self.status = status
        self.timestamp = timestamp
        self.date = Timestamp.parse(timestamp)
    }

    public var json: JSONValue { .object(fields) }

    public static func == (lhs: DeploymentRecord, rhs: DeploymentRecord) -> Bool { lhs.json == rhs.json }

    public var branch: String? { self["branch"]?.stringValue }
    public var tag: String? { self["tag"]?.stringValue }
    public var target: String? { self["target"]?.stringValue }
    public var routingKey: String? { self["routing_key"]?.stringValue }
    public var complexity: String? { self["complexity"]?.stringValue }
    public var platform: String? { self["platform"]?.stringValue }
    public var user: String? { self["user"]?.stringValue }
    public var previousCommit: String? { self["previous_commit"]?.stringValue }

    public var rule: Int? {
        if case .int(let rule)? = self["rule"] { return rule }
        return nil
    }

    public var options: [String] {
        guard case .array(let items)? = self["options"] else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// Seconds the deployment took, when known.
    public var durationSeconds: Double? { self["duration_seconds"]?.number }

    /// Gate results (objects with at least `name` and `result`: pass, warn or fail).
    public var gates: [JSONValue] { array("gates") }
    /// Probe results (objects with at least `name` and `result`: pass or fail).
    public var probes: [JSONValue] { array("probes") }

    /// False when the deployment failed or any gate or probe failed.
    public var validationPassed: Bool {
        guard status != .failed else { return false }
        return !(gates + probes).contains { $0["result"]?.stringValue == "fail" }
    }

    public subscript(key: String) -> JSONValue? { fields.first { $0.0 == key }?.1 }

    private func array(_ key: String) -> [JSONValue] {
        guard case .array(let items)? = self[key] else { return [] }
        return items
    }
}

extension DeploymentRecord {
    /// What a new entry says, before it becomes JSON.
    public struct Draft: Sendable {
        public var id: String
        public var environment: String
        public var commit: ObjectID
        public var branch: String?
        public var tag: String?
        public var target: String?
        public var routingKey: String?
        public var rule: Int?
        public var options: [String] = []
        public var complexity: String?
        public var platform: String?
        public var mode: String?
        public var status: DeploymentStatus
        public var date: Date
        public var durationSeconds: Double?
        public var user: String?
        public var previousCommit: ObjectID?
        public var gates: [JSONValue] = []
        public var probes: [JSONValue] = []
        /// Optional fields (absent unless set; old entries and readers are unaffected):
        /// the typed backups that ran, and a rollback's scope (issue 17).
        public var backups: [JSONValue]?
        public var rollbackScope: String?
        /// Written only for an emergency (`emergency_reason`), so other entries stay as they were.
        public var emergencyReason: String?
        /// The monitoring window (`MonitorState.json`); the key is left out when there was none.
        public var monitor: JSONValue?
        /// Optional fields after the schema's (absent from older entries).
        public var extraFields: [(String, JSONValue)] = []

        public init(id: String, environment: String, commit: ObjectID, status: DeploymentStatus, date: Date) {
            self.id = id
            self.environment = environment
            self.commit = commit
            self.status = status
            self.date = date
        }
    }

    /// A new entry with every field of the schema present (`null` when unknown), in the documented order.
    public init(_ draft: Draft) {
        fields = [
            ("schema", .int(DeploymentRecord.schemaVersion)),
            ("id", .string(draft.id)),
            ("environment", .string(draft.environment)),
            ("commit", .string(draft.commit.hex)),
            ("branch", .optional(draft.branch)),
            ("tag", .optional(draft.tag)),
            ("target", .optional(draft.target)),
            ("routing_key", .optional(draft.routingKey)),
            ("rule", .optional(draft.rule)),
            ("options", .array(draft.options.map(JSONValue.string))),
            ("complexity", .optional(draft.complexity)),
            ("platform", .optional(draft.platform)),
            ("mode", .optional(draft.mode)),
            ("status", .string(draft.status.rawValue)),
            ("timestamp", .string(Timestamp.format(draft.date))),
            ("duration_seconds", draft.durationSeconds.map(JSONValue.double) ?? .null),
            ("user", .optional(draft.user)),
            ("previous_commit", .optional(draft.previousCommit?.hex)),
            ("gates", .array(draft.gates)),
            ("probes", .array(draft.probes)),
        ]
        if let backups = draft.backups { fields.append(("backups", .array(backups))) }
        if let scope = draft.rollbackScope { fields.append(("rollback_scope", .string(scope))) }
        if let reason = draft.emergencyReason { fields.append(("emergency_reason", .string(reason))) }
        if let monitor = draft.monitor { fields.append(("monitor", monitor)) }
        fields += draft.extraFields
        id = draft.id
        environment = draft.environment
        commit = draft.commit
        status = draft.status
        timestamp = Timestamp.format(draft.date)
        date = Timestamp.parse(timestamp)
    }
}

extension DeploymentRecord {
    /// The same entry with another status, every other field kept (a later status of one
    /// deployment replaces the earlier one when the note is rewritten).
    public func with(status: DeploymentStatus) -> DeploymentRecord? {
        DeploymentRecord(json: .object(fields.map { $0.0 == "status" ? ($0.0, .string(status.rawValue)) : $0 }))
    }
}
