/// `deployment-metrics-<id>.json` in `.git/deploy/metrics/` (DESIGN §8): the seed's fields, plus
/// the gate and probe results. The seed's `deployment_type` is the platform (its second argument).
public enum MetricsFile {
    /// The directory, shared by all worktrees of the repository.
    public static func directory(commonDirectory: String) -> String {
        commonDirectory + "/deploy/metrics"
    }

    public static func json(for entry: DeploymentRecord) -> JSONValue {
        .object([
            ("deployment_id", .string(entry.id)),
            ("environment", .string(entry.environment)),
            ("deployment_type", .optional(entry.platform)),
            ("duration_seconds", entry.durationSeconds.map(JSONValue.double) ?? .null),
            ("timestamp", .string(entry.timestamp)),
            ("commit", .string(entry.commit.hex)),
            ("branch", .optional(entry.branch)),
            ("status", .string(entry.status.rawValue)),
            ("routing_target", .optional(entry.target)),
            ("validation_passed", .bool(entry.validationPassed)),
            ("rollback_required", .bool(entry.status == .failed || entry.status == .rolledBack)),
            ("gates", .array(entry.gates)),
            ("probes", .array(entry.probes)),
        ])
    }

    /// Writes the file atomically and returns its path.
    @discardableResult
    public static func write(_ entry: DeploymentRecord, commonDirectory: String) throws(DeployError) -> String {
        guard DeploymentID.isValid(entry.id) else {
            throw DeployError.badInput("deployment id '\(entry.id.prefix(80))' cannot name a metrics file",
                                       hint: "use letters, digits, '.', '_' and '-' only")
        }
        let path = directory(commonDirectory: commonDirectory) + "/deployment-metrics-\(entry.id).json"
        try AtomicFile.write(Array((json(for: entry).serialized(pretty: true) + "\n").utf8), to: path)
        return path
    }
}
