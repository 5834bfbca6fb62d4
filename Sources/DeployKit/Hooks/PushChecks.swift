import Foundation

/// The checks a push runs before it leaves (DESIGN §6, §7): the target validation that needs no
/// handler. A release-workflow push must carry a release context whose version is the tag's.
enum PushChecks {
    static func evaluate(_ explanation: Explanation, pushed: PushedRef, workspace: Workspace) throws(DeployError) -> [GateResult] {
        var results: [GateResult] = []
        if explanation.target == .releaseWorkflow {
            results.append(releaseContext(explanation))
        }
        return results
    }

    /// `.release_config`'s version must be the version of the tag being deployed.
    static func releaseContext(_ explanation: Explanation) -> GateResult {
        let name = "release context"
        guard let version = explanation.release.version, !version.isEmpty else {
            return GateResult(name: name, status: .fail, reason: "no release version (\(explanation.release.source))")
        }
        guard explanation.release.mode == .continue, let tag = explanation.tag, let tagged = SemanticVersion(tag: tag) else {
            return GateResult(name: name, status: .pass, reason: "release \(version)")
        }
        guard let declared = SemanticVersion(tag: version), declared.hasSamePrecedence(as: tagged) else {
            return GateResult(name: name, status: .fail,
                              reason: "\(explanation.release.source) says RELEASE_VERSION=\(version) but the tag is \(tag)")
        }
        return GateResult(name: name, status: .pass, reason: "release \(version) matches tag \(tag)")
    }
}
