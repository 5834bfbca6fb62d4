/// Where a deployment got to (DESIGN §8). A later status of the same deployment (same id)
/// replaces an earlier one, in the order of `rank`.
public enum DeploymentStatus: String, CaseIterable, Sendable {
    case planned
    case dispatched
    case succeeded
    case failed
    case rolledBack = "rolled-back"

    /// How far along the lifecycle a status is; decides which of two versions of one entry wins a merge.
    var rank: Int {
        switch self {
        case .planned: 0
        case .dispatched: 1
        case .succeeded, .failed: 2
        case .rolledBack: 3
        }
    }

    /// True once the deployment has an outcome (counts towards success rate).
    public var isFinished: Bool { rank >= 2 }
}
