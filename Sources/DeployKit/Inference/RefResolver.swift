import GitRepository

/// A ref that may be the one being deployed, and how it was found.
public struct RefCandidate: Sendable, Equatable {
    public let ref: DeployRef
    /// "current branch", "tag at HEAD", "CI variable GITHUB_REF", "pushed ref".
    public let foundBy: String
}

/// Which ref is being deployed (DESIGN §4): the pushed ref, else the current branch, else a tag at
/// HEAD (newest semver first), else the CI's variables when HEAD is detached.
public enum RefResolver {
    /// The candidates in the order they are tried.
    public static func candidates(head: HeadState, tagsAtCommit: [String], environment: [String: String]) -> [RefCandidate] {
        switch head {
        case .branch(let name, _):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch")]
        case .unborn(let name):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch (no commits yet)")]
        case .detached:
            return sortedTags(tagsAtCommit).map { RefCandidate(ref: .tag($0), foundBy: "tag at HEAD") }
                + ciCandidates(environment)
        }
    }

    /// Semver tags newest first, then the other tags by name.
    public static func sortedTags(_ tags: [String]) -> [String] {
        let versioned = tags.compactMap { tag in SemanticVersion(tag: tag).map { (tag, $0) } }
            .sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 > $1.1 }
            .map(\.0)
        let others = tags.filter { SemanticVersion(tag: $0) == nil }.sorted()
        return versioned + others
    }

    /// The refs CI systems name in their variables when they check out a detached HEAD.
    public static func ciCandidates(_ environment: [String: String]) -> [RefCandidate] {
        var candidates: [RefCandidate] = []
        func add(_ ref: DeployRef?, _ variable: String) {
            guard let ref, let value = environment[variable], !value.isEmpty else { return }
            candidates.append(RefCandidate(ref: ref, foundBy: "CI variable \(variable)=\(value)"))
        }
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        // GitHub Actions: a full ref name (refs/pull/… has no route).
        add(value("GITHUB_REF").flatMap(DeployRef.init(fullName:)), "GITHUB_REF")
        // GitLab: CI_COMMIT_REF_NAME holds the tag name for tag pipelines, so the tag goes first.
        add(value("CI_COMMIT_TAG").map(DeployRef.tag), "CI_COMMIT_TAG")
        if value("CI_COMMIT_TAG") == nil { add(value("CI_COMMIT_REF_NAME").map(DeployRef.branch), "CI_COMMIT_REF_NAME") }
        add(value("BUILDKITE_TAG").map(DeployRef.tag), "BUILDKITE_TAG")
        if value("BUILDKITE_TAG") == nil { add(value("BUILDKITE_BRANCH").map(DeployRef.branch), "BUILDKITE_BRANCH") }
        add(value("CIRCLE_TAG").map(DeployRef.tag), "CIRCLE_TAG")
        if value("CIRCLE_TAG") == nil { add(value("CIRCLE_BRANCH").map(DeployRef.branch), "CIRCLE_BRANCH") }
        // Jenkins' Git plugin reports "origin/main" or "refs/heads/main".
        add(value("GIT_BRANCH").map { .branch(jenkinsBranch($0)) }, "GIT_BRANCH")
        return candidates
    }

    private static func jenkinsBranch(_ value: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/origin/", "remotes/origin/", "origin/"] where value.hasPrefix(prefix) {
            return String(value.dropFirst(prefix.count))
        }
        return value
    }
}
