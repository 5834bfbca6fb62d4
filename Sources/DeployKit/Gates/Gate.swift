import DeployCore
import Foundation

/// The safety gates of DESIGN §7 as pure functions: every input (history, work-tree state, the
/// terminal's answer) is read by the caller and passed in, so each gate is a table-testable value.
public enum Gate {
    public static let emergencyBypass = "bypassed by --emergency"

    /// The work tree matters only when the checked-out commit is what is being deployed: then local
    /// edits would not be in the deployment and are probably a mistake.
    public static func cleanWorkTree(isClean: Bool, deployingCheckedOutCommit: Bool, whenDirty: GateResult.Status) -> GateResult {
        let name = GateName.cleanWorkTree
        guard deployingCheckedOutCommit else { return .pass(name, "deploying a commit other than the checked-out one; local changes are not involved") }
        if isClean { return .pass(name, "the work tree is clean") }
        return GateResult(gate: name, status: whenDirty,
                          reason: "the work tree has uncommitted changes that would not be deployed; commit or stash them")
    }

    /// `require-promotion-from`: the commit must have reached the named environment first.
    /// `unverified`: why each successful deployment history shows was not counted under
    /// `records.require-signed` (empty when there were none, or signatures are not required).
    /// `inWindow`: the successful deployments that have not finished their monitoring window yet.
    public static func promotion(requireFrom: String?, hasSuccessfulDeployment: Bool, emergency: Bool,
                                 unverified: [String] = [], inWindow: [String] = []) -> GateResult {
        let name = GateName.promotion
        guard let requireFrom else { return .pass(name, "no require-promotion-from is configured") }
        if hasSuccessfulDeployment { return .pass(name, "the commit was deployed successfully to \(requireFrom)") }
        let reason = !inWindow.isEmpty
            ? "the commit's deployment to \(requireFrom) has not finished its monitoring window: \(inWindow.joined(separator: "; ")); "
                + "promote it once the window has passed (git deploy status --watch --env \(requireFrom) follows it)"
            : unverified.isEmpty
            ? "the commit has no successful deployment to \(requireFrom) (require-promotion-from: \(requireFrom)); deploy it there first"
            : "the commit's successful deployment to \(requireFrom) is unsigned or unverified, and records.require-signed: true counts only "
                + "entries whose notes commit git verify-commit accepts: \(unverified.prefix(3).joined(separator: "; ")); "
                + "deploy it to \(requireFrom) again with signing set up (user.signingkey), or check gpg.ssh.allowedSignersFile / your keyring"
        return emergency ? .warn(name, "\(emergencyBypass): \(reason)") : .fail(name, reason)
    }

    /// Not inside a `freeze:` window. Windows that cannot be compiled fail the gate rather than
    /// being ignored: a typo must not silently lift a freeze.
    public static func freeze(now: Date, windows: [FreezeWindow], emergency: Bool) -> GateResult {
        let name = GateName.freeze
        guard !windows.isEmpty else { return .pass(name, "no freeze windows are configured") }
        let active: ActiveFreeze?
        do {
            active = try FreezeCalendar(windows: windows).activeFreeze(at: now)
        } catch {
            return .fail(name, error.message)
        }
        guard let active else { return .pass(name, "not inside any of \(windows.count) freeze window\(windows.count == 1 ? "" : "s")") }
        let reason = "inside \(active.description)"
        return emergency ? .warn(name, "\(emergencyBypass): \(reason)") : .fail(name, reason)
    }

    /// `.release_config`'s RELEASE_VERSION agrees with the tag being deployed. `releaseVersion` is
    /// the file's value (nil when there is no file: nothing to disagree with).
    public static func releaseVersionMatchesTag(releaseVersion: String?, tag: String?) -> GateResult {
        let name = GateName.releaseVersion
        guard let tag else { return .pass(name, "not a tag deployment") }
        guard let releaseVersion else { return .pass(name, "no .release_config version to compare with tag \(tag)") }
        let tagVersion = Gate.versionOfTag(tag)
        if tagVersion == releaseVersion { return .pass(name, "RELEASE_VERSION \(releaseVersion) matches tag \(tag)") }
        return .fail(name, "RELEASE_VERSION \(releaseVersion) in .release_config does not match tag \(tag); update .release_config or deploy the right tag")
    }

    /// Interactive confirmation. `answer` is what the person typed on the terminal (nil when the
    /// caller has not asked); `y`/`yes` in any case confirms.
    public static func confirmation(isTerminal: Bool, yes: Bool, answer: String?) -> GateResult {
        let name = GateName.confirmation
        if yes { return .pass(name, "confirmed with --yes") }
        guard isTerminal else { return .fail(name, "no terminal to confirm on; pass --yes to deploy without a prompt") }
        switch answer?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "y", "yes": return .pass(name, "confirmed at the prompt")
        case nil: return .fail(name, "not confirmed; answer the prompt or pass --yes")
        case let other?: return .fail(name, "not confirmed (answered '\(other)'); pass --yes or answer 'yes'")
        }
    }

    /// "v1.4.0" → "1.4.0": Git tags usually carry a `v` the version does not.
    static func versionOfTag(_ tag: String) -> String {
        tag.hasPrefix("v") || tag.hasPrefix("V") ? String(tag.dropFirst()) : tag
    }
}

/// Everything the gates look at, gathered by the caller before evaluation.
public struct GateInputs: Sendable {
    public var now: Date
    public var isWorkTreeClean: Bool
    public var deployingCheckedOutCommit: Bool
    public var requirePromotionFrom: String?
    /// Whether history shows a successful deployment of the commit to `requirePromotionFrom`.
    public var hasSuccessfulDeployment: Bool
    /// Under `records.require-signed`: why each recorded success did not count (see `Gate.promotion`).
    public var unverifiedPromotions: [String]
    /// The source environment's successful deployments of the commit still in their monitoring window.
    public var promotionsInWindow: [String] = []
    public var freezeWindows: [FreezeWindow]
    public var emergency: Bool
    /// RELEASE_VERSION from `.release_config`, nil without the file.
    public var releaseVersion: String?
    public var tag: String?
    public var isTerminal: Bool
    public var yes: Bool
    /// The prompt's answer; see `GateEvaluator.needsPrompt`.
    public var confirmationAnswer: String?
    /// The deployment's refs and the environment's `allow` rules (nil: the gate is not evaluated).
    public var allowedRefs: AllowedRefsInput? = nil

    public init(now: Date, isWorkTreeClean: Bool = true, deployingCheckedOutCommit: Bool = true,
                requirePromotionFrom: String? = nil, hasSuccessfulDeployment: Bool = false, unverifiedPromotions: [String] = [],
                freezeWindows: [FreezeWindow] = [], emergency: Bool = false, releaseVersion: String? = nil,
                tag: String? = nil, isTerminal: Bool = false, yes: Bool = false, confirmationAnswer: String? = nil) {
        self.now = now
        self.isWorkTreeClean = isWorkTreeClean
        self.deployingCheckedOutCommit = deployingCheckedOutCommit
        self.requirePromotionFrom = requirePromotionFrom
        self.hasSuccessfulDeployment = hasSuccessfulDeployment
        self.unverifiedPromotions = unverifiedPromotions
        self.freezeWindows = freezeWindows
        self.emergency = emergency
        self.releaseVersion = releaseVersion
        self.tag = tag
        self.isTerminal = isTerminal
        self.yes = yes
        self.confirmationAnswer = confirmationAnswer
    }
}

/// The gates each safety level runs (DESIGN §7), in the order they are reported.
public enum GateEvaluator {
    public static func evaluate(level: SafetyLevel, inputs: GateInputs) -> [GateResult] {
        // At every safety level, but only where an allow list applies (high safety has a default one).
        let allowed = inputs.allowedRefs.flatMap { $0.rules == nil ? nil : [Gate.allowedRefs($0)] } ?? []
        return allowed + evaluateByLevel(level: level, inputs: inputs)
    }

    private static func evaluateByLevel(level: SafetyLevel, inputs: GateInputs) -> [GateResult] {
        switch level {
        case .high:
            return [
                Gate.cleanWorkTree(isClean: inputs.isWorkTreeClean, deployingCheckedOutCommit: inputs.deployingCheckedOutCommit, whenDirty: .fail),
                Gate.promotion(requireFrom: inputs.requirePromotionFrom, hasSuccessfulDeployment: inputs.hasSuccessfulDeployment,
                               emergency: inputs.emergency, unverified: inputs.unverifiedPromotions,
                               inWindow: inputs.promotionsInWindow),
                Gate.freeze(now: inputs.now, windows: inputs.freezeWindows, emergency: inputs.emergency),
                Gate.releaseVersionMatchesTag(releaseVersion: inputs.releaseVersion, tag: inputs.tag),
                Gate.confirmation(isTerminal: inputs.isTerminal, yes: inputs.yes, answer: inputs.confirmationAnswer),
            ]
        case .medium:
            return [
                Gate.freeze(now: inputs.now, windows: inputs.freezeWindows, emergency: inputs.emergency),
                Gate.cleanWorkTree(isClean: inputs.isWorkTreeClean, deployingCheckedOutCommit: inputs.deployingCheckedOutCommit, whenDirty: .warn),
            ]
        case .low:
            return []
        }
    }

    /// Whether the caller should prompt before evaluating: a high-safety deployment on a terminal
    /// without --yes. Prompt only when the other gates pass, so nobody confirms a doomed deployment.
    public static func needsPrompt(level: SafetyLevel, inputs: GateInputs) -> Bool {
        level == .high && inputs.isTerminal && !inputs.yes && inputs.confirmationAnswer == nil
    }
}
