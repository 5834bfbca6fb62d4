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
    /// A CI variable that is consulted and is not a ref name Git would accept is an error naming it.
    public static func candidates(head: HeadState, tagsAtCommit: [String], environment: [String: String]) throws(DeployError) -> [RefCandidate] {
        switch head {
        case .branch(let name, _):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch")]
        case .unborn(let name):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch (no commits yet)")]
        case .detached:
            return sortedTags(tagsAtCommit).map { RefCandidate(ref: .tag($0), foundBy: "tag at HEAD") }
                + (try ciCandidates(environment))
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

    /// The refs CI systems name in their variables when they check out a detached HEAD; a value
    /// Git would refuse as a ref name (a newline in GITHUB_REF) is an error naming the variable.
    public static func ciCandidates(_ environment: [String: String]) throws(DeployError) -> [RefCandidate] {
        var candidates: [RefCandidate] = []
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        /// The variable's ref, checked as Git checks ref names; `fullName` turns its value into one.
        func add(_ variable: String, _ fullName: (String) -> String) throws(DeployError) {
            guard let text = value(variable) else { return }
            let full = fullName(text)
            if let problem = RefNameFormat.problem(full) {
                throw DeployError.badInput(
                    "CI variable \(variable) ('\(Excerpt.quote(text))') is not a ref name Git accepts: \(problem)",
                    hint: "Git refuses such names (git check-ref-format); check how the CI job sets \(variable), or unset it")
            }
            // GitHub Actions gives a full ref name (refs/pull/… has no route).
            guard let ref = DeployRef(fullName: full) else { return }
            candidates.append(RefCandidate(ref: ref, foundBy: "CI variable \(variable)=\(text)"))
        }
        let branch = { (name: String) in "refs/heads/" + name }
        let tag = { (name: String) in "refs/tags/" + name }
        try add("GITHUB_REF") { $0 }
        // GitLab: CI_COMMIT_REF_NAME holds the tag name for tag pipelines, so the tag goes first.
        try add("CI_COMMIT_TAG", tag)
        if value("CI_COMMIT_TAG") == nil { try add("CI_COMMIT_REF_NAME", branch) }
        try add("BUILDKITE_TAG", tag)
        if value("BUILDKITE_TAG") == nil { try add("BUILDKITE_BRANCH", branch) }
        try add("CIRCLE_TAG", tag)
        if value("CIRCLE_TAG") == nil { try add("CIRCLE_BRANCH", branch) }
        // Jenkins' Git plugin reports "origin/main" or "refs/heads/main".
        try add("GIT_BRANCH") { "refs/heads/" + jenkinsBranch($0) }
        return candidates
    }

    private static func jenkinsBranch(_ value: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/origin/", "remotes/origin/", "origin/"] where value.hasPrefix(prefix) {
            return String(value.dropFirst(prefix.count))
        }
        return value
    }
}
