import Foundation
import GitRepository

/// `git deploy status`: per environment, what is deployed now and how far HEAD has moved on.
public struct StatusReport: Sendable {
    public struct Row: Sendable {
        public let environment: String
        /// The newest successful deployment: what runs there now, as far as history knows.
        public let current: DeploymentRecord?
        /// The newest entry of any status (a deployment in progress or one that failed).
        public let latest: DeploymentRecord?
        /// Seconds since `current`'s timestamp.
        public let ageSeconds: Int?
        /// Commits HEAD has that `current.commit` lacks; nil when either is unknown here.
        public let ahead: Int?
        /// Why `ahead` is nil, when it is.
        public let note: String?
        public let metrics: DeploymentMetrics
    }

    public let branch: String?
    public let head: ObjectID?
    public let rows: [Row]
    public let warnings: [String]

    /// Builds the report; `window` is how many recent deployments of each environment the metrics cover.
    public static func make(in snapshot: RepositorySnapshot, window: Int, now: Date = Date()) throws(DeployError) -> StatusReport {
        let repository = snapshot.repository
        let page = try snapshot.history.store.read()
        let (branch, head): (String?, ObjectID?) = switch try snapshot.head() {
        case .branch(let name, let commit): (name, commit)
        case .detached(let commit): (nil, commit)
        case .unborn(let name): (name, nil)
        }
        let configured = snapshot.configuration.environments.definitions.map(\.name)
        let seen = Set(page.entries.map(\.environment))
        let names = configured + seen.subtracting(configured).sorted()

        let rows = names.map { name -> Row in
            let entries = page.entries.filter { $0.environment == name }
            let current = entries.first { $0.status == .succeeded }
            var ahead: Int?
            var note: String?
            if let current, let head {
                do {
                    ahead = try repository.aheadBehind(local: head, upstream: current.commit).ahead
                } catch {
                    note = "commit \(current.commit.short) is not in this repository (fetch it to compare)"
                }
            }
            let age = current.flatMap(\.date).map { max(0, Int(now.timeIntervalSince($0))) }
            return Row(environment: name, current: current, latest: entries.first, ageSeconds: age, ahead: ahead, note: note,
                       metrics: DeploymentMetrics(environment: name, entries: entries, window: window))
        }
        return StatusReport(branch: branch, head: head, rows: rows, warnings: page.warnings)
    }

    /// `status --format json`.
    public var json: JSONValue {
        .object([
            ("schema", .int(1)),
            ("branch", .optional(branch)),
            ("head", .optional(head?.hex)),
            ("environments", .array(rows.map { row in
                .object([
                    ("environment", .string(row.environment)),
                    ("commit", .optional(row.current?.commit.hex)),
                    ("age_seconds", .optional(row.ageSeconds)),
                    ("ahead", .optional(row.ahead)),
                    ("note", .optional(row.note)),
                    ("current", row.current?.json ?? .null),
                    ("latest_status", .optional(row.latest?.status.rawValue)),
                    ("latest_id", .optional(row.latest?.id)),
                    ("current_emergency_reason", .optional(row.current?.emergencyReason)),
                    ("latest_emergency_reason", .optional(row.latest?.emergencyReason)),
                    ("metrics", row.metrics.json),
                ])
            })),
        ])
    }
}
