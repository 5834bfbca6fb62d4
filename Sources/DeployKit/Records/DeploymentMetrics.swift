/// Success rate and median duration of one environment over its last N deployments (DESIGN §8).
public struct DeploymentMetrics: Sendable, Equatable {
    public let environment: String
    /// How many recent entries were looked at (at most the window).
    public let deployments: Int
    public let succeeded: Int
    public let failed: Int
    public let rolledBack: Int
    /// Planned or dispatched: no outcome yet, so not counted in the success rate.
    public let inProgress: Int
    /// succeeded / (succeeded + failed + rolled back); nil when none has finished.
    public let successRate: Double?
    /// Median of the known durations of finished deployments; nil when none is known.
    public let medianDurationSeconds: Double?

    /// Metrics of `entries` (one environment's, newest first), over the first `window` of them.
    public init(environment: String, entries: [DeploymentRecord], window: Int) {
        let recent = entries.prefix(window)
        self.environment = environment
        deployments = recent.count
        succeeded = recent.count { $0.status == .succeeded }
        failed = recent.count { $0.status == .failed }
        rolledBack = recent.count { $0.status == .rolledBack }
        inProgress = recent.count { !$0.status.isFinished }
        let finished = succeeded + failed + rolledBack
        successRate = finished == 0 ? nil : Double(succeeded) / Double(finished)
        let durations = recent.filter(\.status.isFinished).compactMap(\.durationSeconds).sorted()
        if durations.isEmpty {
            medianDurationSeconds = nil
        } else if durations.count % 2 == 1 {
            medianDurationSeconds = durations[durations.count / 2]
        } else {
            medianDurationSeconds = (durations[durations.count / 2 - 1] + durations[durations.count / 2]) / 2
        }
    }

    /// One summary per environment found in `entries` (newest first), in `order` then by name.
    public static func perEnvironment(_ entries: [DeploymentRecord], window: Int, order: [String] = []) -> [DeploymentMetrics] {
        var byEnvironment: [String: [DeploymentRecord]] = [:]
        for entry in entries { byEnvironment[entry.environment, default: []].append(entry) }
        let names = order.filter { byEnvironment[$0] != nil } + byEnvironment.keys.filter { !order.contains($0) }.sorted()
        return names.map { DeploymentMetrics(environment: $0, entries: byEnvironment[$0] ?? [], window: window) }
    }

    public var json: JSONValue {
        .object([
            ("environment", .string(environment)),
            ("deployments", .int(deployments)),
            ("succeeded", .int(succeeded)),
            ("failed", .int(failed)),
            ("rolled_back", .int(rolledBack)),
            ("in_progress", .int(inProgress)),
            ("success_rate", successRate.map(JSONValue.double) ?? .null),
            ("median_duration_seconds", medianDurationSeconds.map(JSONValue.double) ?? .null),
        ])
    }
}
