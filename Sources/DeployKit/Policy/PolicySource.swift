import GitRepository

/// Where the trusted policy lives: the commit at the tip of the default branch, whose
/// `.deploy.yml` says what the gates of each environment are (issue 14, item 1). Whoever can
/// deploy an old or unreviewed commit cannot bring an older or looser policy with it.
public struct PolicyLocation: Sendable, Equatable {
    /// The reference read, as a person would name it: "refs/remotes/origin/HEAD", "refs/heads/main".
    public let reference: String
    /// The branch it stands for, when `reference` is symbolic ("refs/remotes/origin/main").
    public let resolved: String
    public let commit: ObjectID
    /// Why this reference: "policy.ref in git config", "origin's default branch", ….
    public let reason: String

    /// "origin/main at 1a2b3c4": how every origin of a policy value names its commit.
    public var display: String { "\(PolicyLocation.shortName(resolved)) at \(commit.short)" }

    /// `.deploy.yml` as read from this commit: "1a2b3c4:.deploy.yml".
    public var file: String { "\(commit.short):\(ConfigurationLoader.fileName)" }

    static func shortName(_ reference: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/", "refs/tags/"] where reference.hasPrefix(prefix) {
            return String(reference.dropFirst(prefix.count))
        }
        return reference
    }
}

/// Finds the policy's commit, first found wins:
/// 1. `policy.ref` in git config (explicit: a name that leads nowhere is an error, never a fallback);
/// 2. in a bare repository, the branch HEAD names (a server's default branch);
/// 3. `refs/remotes/<remote>/HEAD`, the remote being the current branch's upstream remote, then origin;
/// 4. the local default branch: `init.defaultBranch`, `main` or `master`, the first that exists.
/// nil when none exists (a fresh repository): the gates then read the work tree's `.deploy.yml`.
public enum PolicySource {
    public static let configKey = "policy.ref"

    public static func locate(in repository: Repository) throws(DeployError) -> PolicyLocation? {
        if let explicit = try config(configKey, repository), !explicit.isEmpty {
            let full = explicit.hasPrefix("refs/") ? explicit : "refs/heads/\(explicit)"
            for name in [full, explicit.hasPrefix("refs/") ? nil : "refs/remotes/\(explicit)"].compactMap({ $0 }) {
                if let commit = repository.commit(ofReference: name) {
                    return PolicyLocation(reference: name, resolved: repository.symbolicTarget(of: name) ?? name,
                                          commit: commit, reason: "policy.ref in git config")
                }
            }
            throw DeployError.badInput(
                "policy.ref '\(Excerpt.quote(explicit))' in git config names no branch or ref with a commit here, so the deployment policy cannot be read",
                hint: "fetch it (git fetch), or name an existing branch: git config policy.ref main (or unset it: git config --unset policy.ref)")
        }
        if repository.isBare, let target = repository.symbolicTarget(of: "HEAD"), let commit = repository.commit(ofReference: target) {
            return PolicyLocation(reference: target, resolved: target, commit: commit,
                                  reason: "the default branch of this bare repository (HEAD)")
        }
        // The upstream remote of the checked-out branch first (a fork's `upstream`), then origin.
        let upstream = try upstreamRemote(repository)
        for remote in [upstream, "origin"].compactMap({ $0 }) {
            let remoteHead = "refs/remotes/\(remote)/HEAD"
            if let commit = repository.commit(ofReference: remoteHead) {
                return PolicyLocation(reference: remoteHead, resolved: repository.symbolicTarget(of: remoteHead) ?? remoteHead,
                                      commit: commit, reason: "\(remote)'s default branch (\(remoteHead))")
            }
        }
        let remoteHead = "refs/remotes/\(upstream ?? "origin")/HEAD"
        var names: [String] = []
        if let configured = try config("init.defaultBranch", repository), !configured.isEmpty { names.append(configured) }
        for name in ["main", "master"] where !names.contains(name) { names.append(name) }
        for name in names {
            let reference = "refs/heads/\(name)"
            if let commit = repository.commit(ofReference: reference) {
                return PolicyLocation(reference: reference, resolved: reference, commit: commit,
                                      reason: "the local default branch (no \(remoteHead))")
            }
        }
        return nil
    }

    /// The remote the checked-out branch tracks (`branch.<name>.remote`), nil when detached or untracked.
    private static func upstreamRemote(_ repository: Repository) throws(DeployError) -> String? {
        guard case .branch(let name, _)? = try? repository.head() else { return nil }
        guard let remote = try config("branch.\(name).remote", repository), !remote.isEmpty, remote != "." else { return nil }
        return remote
    }

    private static func config(_ key: String, _ repository: Repository) throws(DeployError) -> String? {
        do {
            return try repository.configString(key)
        } catch {
            throw DeployError.badInput("cannot read \(key) from git config: \(error.message)", cause: error)
        }
    }
}
