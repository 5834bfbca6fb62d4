/// The third field of the routing key (DESIGN §2, §3).
public enum Mode: String, CaseIterable, Sendable {
    case standard, rollback, pipeline

    /// Rollback beats pipeline beats standard, as the seed's calculate_routing_key checks them (DESIGN §3).
    public static func from(_ options: Set<DeployOption>) -> Mode {
        if options.contains(.rollback) { return .rollback }
        if options.contains(.pipeline) { return .pipeline }
        return .standard
    }
}
