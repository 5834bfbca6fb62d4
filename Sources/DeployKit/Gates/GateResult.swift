/// The gates of DESIGN §7 and the target validation, by the names text and JSON show.
public enum GateName: String, Sendable, CaseIterable {
    case cleanWorkTree = "clean-work-tree"
    case promotion
    case freeze
    case releaseVersion = "release-version"
    case confirmation
    case targetValidation = "target-validation"
    /// Platform, environment and integration readiness before anything runs (issue 17).
    case readiness
    case allowedRefs = "allowed-refs"
    /// The server's check that a push to the default branch leaves a readable policy there.
    case policy
    /// One deployment per environment at a time (issue 14, item 3).
    case lock
    /// Not older than what the environment runs (issue 14, item 4).
    case outdated
}

/// What one gate or target validation said (DESIGN §7: pass/warn/fail with a reason).
public struct GateResult: Sendable, Equatable {
    public enum Status: String, Sendable, Comparable {
        case pass, warn, fail

        private var rank: Int { self == .pass ? 0 : self == .warn ? 1 : 2 }
        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    public let gate: GateName
    public let status: Status
    /// A sentence a person can act on.
    public let reason: String

    public init(gate: GateName, status: Status, reason: String) {
        self.gate = gate
        self.status = status
        self.reason = reason
    }

    public static func pass(_ gate: GateName, _ reason: String) -> GateResult { GateResult(gate: gate, status: .pass, reason: reason) }
    public static func warn(_ gate: GateName, _ reason: String) -> GateResult { GateResult(gate: gate, status: .warn, reason: reason) }
    public static func fail(_ gate: GateName, _ reason: String) -> GateResult { GateResult(gate: gate, status: .fail, reason: reason) }

    /// `{"gate":…,"status":…,"reason":…}`
    public var json: JSONValue {
        .object([("gate", .string(gate.rawValue)), ("status", .string(status.rawValue)), ("reason", .string(reason))])
    }
}

extension Array where Element == GateResult {
    /// The results that stop the deployment (exit 3).
    public var failures: [GateResult] { filter { $0.status == .fail } }
    /// `[{"gate":…}, …]`
    public var json: JSONValue { .array(map(\.json)) }
}
