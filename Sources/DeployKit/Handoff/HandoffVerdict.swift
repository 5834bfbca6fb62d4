import DeployCore

/// Whether a hand-off is a go (issue 14): `.deployment_config` is read by scripts and CI that
/// cannot tell from the routing keys alone whether the gates let the deployment through, so every
/// hand-off says so itself. Only `ready` is a go.
public struct HandoffVerdict: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// The gates and the target validation ran and none failed.
        case ready
        /// A gate or the target validation failed: the deployment must not go ahead.
        case blocked
        /// Nothing evaluated the gates (`explain`, which only decides).
        case unchecked
    }

    public var status: Status
    /// The names of the gates that failed (`freeze`, `promotion`, …), in the order they ran.
    public var blockedBy: [String]
    /// Their reasons, escaped to one line each, joined with "; " and cut at
    /// `HandoffVerdict.reasonsCharacters` (the reasons quote tags, versions and config values).
    public var reasons: String

    public static let unchecked = HandoffVerdict(status: .unchecked, blockedBy: [], reasons: "")

    /// Past this many characters the joined reasons are cut and end with "…" (the full reasons
    /// are printed by the command that blocked).
    public static let reasonsCharacters = InputLimits.handoffBlockReasonsCharacters

    /// The verdict of the gates (and target validation) that ran; nil when none ran.
    public init(checks: [GateResult]?) {
        guard let checks else {
            self = .unchecked
            return
        }
        let failures = checks.failures
        status = failures.isEmpty ? .ready : .blocked
        blockedBy = failures.map(\.gate.rawValue)
        reasons = Excerpt.quote(failures.map { TerminalText.escaped($0.reason) }.joined(separator: "; "),
                                limit: HandoffVerdict.reasonsCharacters)
    }

    /// What the hooks print after writing a blocked hand-off; nil unless blocked.
    public var blockedLine: String? {
        guard status == .blocked else { return nil }
        let by = blockedBy.isEmpty ? reasons : blockedBy.joined(separator: ", ")
        return "\(DeploymentConfigFile.name) says DEPLOYMENT_STATUS='blocked' (blocked by \(by))"
    }

    /// Blocked by something other than a gate (the reason says what): `DEPLOYMENT_BLOCKED_BY` is empty.
    public static func blocked(reason: String) -> HandoffVerdict {
        HandoffVerdict(status: .blocked, blockedBy: [], reasons: Excerpt.quote(reason, limit: reasonsCharacters))
    }

    init(status: Status, blockedBy: [String], reasons: String) {
        self.status = status
        self.blockedBy = blockedBy
        self.reasons = reasons
    }
}

extension Handoff {
    /// The keys after DESIGN §8's, in this order: the verdict, then who is accountable for an emergency.
    static let statusKeys = ["DEPLOYMENT_STATUS", "DEPLOYMENT_BLOCKED_BY", "DEPLOYMENT_BLOCK_REASONS", "DEPLOYMENT_EMERGENCY_REASON"]

    /// The values of `statusKeys`; the gate names are space-separated, as `DEPLOYMENT_OPTIONS` is.
    var statusValues: [(key: String, value: String)] {
        zip(Handoff.statusKeys, [verdict.status.rawValue, verdict.blockedBy.joined(separator: " "), verdict.reasons,
                                 emergencyReason ?? ""]).map { (key: $0, value: $1) }
    }
}

extension DeploymentPlan {
    /// The hand-off to write once `checks` ran (the environment's gates, then the target's
    /// validation): `ready` when none failed, else `blocked` with the failures.
    public func handoff(checkedBy checks: [GateResult]?) -> Handoff {
        var handoff = self.handoff
        handoff.verdict = HandoffVerdict(checks: checks)
        return handoff
    }

    /// The gates and validation the planner evaluated; nil when the request asked for none.
    var plannedChecks: [GateResult]? {
        checks.map { $0.gates + [$0.validation] }
    }
}
