import DeployCore

/// `environments.<name>.auto-dispatch` (issue 14): whether the post-merge hook deploys.
/// A merge is not a decision to deploy to production, so `true` never deploys a high-safety
/// environment; only the explicit `confirmed` does, as `git deploy ENV --yes` would.
public enum AutoDispatch: String, Sendable, Equatable {
    /// The hook routes and writes the hand-off only (the default).
    case off = "false"
    /// The hook deploys low- and medium-safety environments; high ones it only routes, and says why.
    case on = "true"
    /// The hook deploys any environment, high safety included, without asking.
    case confirmed

    /// Whether the hook deploys an environment of this safety level.
    public func deploys(_ safety: SafetyLevel) -> Bool {
        switch self {
        case .off: false
        case .on: safety != .high
        case .confirmed: true
        }
    }
}

extension ConfigNode {
    /// `true`, `false` or `confirmed`.
    func autoDispatch() throws(DeployError) -> AutoDispatch {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool {
            return value ? .on : .off
        }
        if case .scalar = node, !isNull, node.string == AutoDispatch.confirmed.rawValue { return .confirmed }
        let found = node.string.map { "'\(Excerpt.quote($0))'" } ?? "something else"
        throw error("expected true, false or confirmed, found \(found)",
                    hint: "true deploys low- and medium-safety environments after a merge; confirmed deploys high-safety ones too")
    }
}
