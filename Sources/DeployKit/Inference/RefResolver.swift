import GitRepository

/// A ref that may be the one being deployed, and how it was found.
public struct RefCandidate: Sendable, Equatable {
    public let ref: DeployRef
    /// "current branch", "tag at HEAD", "CI variable GITHUB_REF", "pushed ref".
    public let foundBy: String
}

/// Which ref is being deployed (README "How decisions are made"): the pushed ref (the caller
/// gives it), else the ref the CI names in its own variables, else the checked-out branch, else
/// the tags at HEAD (newest semver first).
///
/// Why the CI outranks HEAD: a CI job checks out a detached HEAD, and a tag on that commit says
/// nothing about the pipeline — a GitLab branch pipeline for `release-4.2` on a tagged commit is a
/// branch deployment, not a release. The CI's variables are what it was asked to build.
public enum RefResolver {
    /// The candidates in the order they are tried. A CI variable that is consulted and is not a
    /// ref name Git would accept is an error naming it.
    public static func candidates(head: HeadState, tagsAtCommit: [String], environment: [String: String]) throws(DeployError) -> [RefCandidate] {
        if let ci = try ciCandidate(environment) { return [ci] }
        switch head {
        case .branch(let name, _):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch")]
        case .unborn(let name):
            return [RefCandidate(ref: .branch(name), foundBy: "current branch (no commits yet)")]
        case .detached:
            return sortedTags(tagsAtCommit).map { RefCandidate(ref: .tag($0), foundBy: "tag at HEAD") }
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

    /// How a CI variable's value becomes a full ref name.
    enum CIValue: Sendable {
        /// A full ref name (`refs/heads/main`); GitHub's and Azure's.
        case fullRef
        case branch
        case tag
        /// Jenkins' Git plugin: `origin/main` or `refs/heads/main`.
        case jenkinsBranch
        /// GITHUB_REF: a full ref, or a short one typed by GITHUB_REF_TYPE.
        case githubRef
    }

    /// The CI variables, in the order they are read: within each CI, a tag pipeline's tag before a
    /// merge request's source branch before the pipeline's branch. The first variable that is set
    /// and names a branch or tag is the ref.
    static let ciVariables: [(name: String, value: CIValue)] = [
        // GitHub Actions: a pull request's GITHUB_REF is refs/pull/N/merge; its branch is GITHUB_HEAD_REF.
        ("GITHUB_HEAD_REF", .branch), ("GITHUB_REF", .githubRef),
        // GitLab: CI_COMMIT_REF_NAME holds the tag's name in a tag pipeline, so it comes last.
        ("CI_COMMIT_TAG", .tag), ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", .branch), ("CI_COMMIT_BRANCH", .branch),
        ("CI_COMMIT_REF_NAME", .branch),
        // Jenkins (multibranch pipelines, then the Git plugin).
        ("TAG_NAME", .tag), ("BRANCH_NAME", .branch), ("GIT_BRANCH", .jenkinsBranch),
        // Azure Pipelines.
        ("BUILD_SOURCEBRANCH", .fullRef),
        // Bitbucket Pipelines.
        ("BITBUCKET_TAG", .tag), ("BITBUCKET_BRANCH", .branch),
        // Buildkite.
        ("BUILDKITE_TAG", .tag), ("BUILDKITE_BRANCH", .branch),
        // CircleCI.
        ("CIRCLE_TAG", .tag), ("CIRCLE_BRANCH", .branch),
    ]

    /// The ref the CI names, if any; a value Git would refuse as a ref name (a newline in
    /// GITHUB_REF) is an error naming the variable.
    public static func ciCandidate(_ environment: [String: String]) throws(DeployError) -> RefCandidate? {
        for (variable, kind) in ciVariables {
            guard let text = environment[variable], !text.isEmpty else { continue }
            let full: String
            switch kind {
            case .fullRef: full = text
            case .branch: full = "refs/heads/" + text
            case .tag: full = "refs/tags/" + text
            case .jenkinsBranch: full = "refs/heads/" + jenkinsBranch(text)
            case .githubRef:
                if text.hasPrefix("refs/") {
                    full = text
                } else {
                    full = (environment["GITHUB_REF_TYPE"] == "tag" ? "refs/tags/" : "refs/heads/") + text
                }
            }
            if let problem = RefNameFormat.problem(full) {
                throw DeployError.badInput(
                    "CI variable \(variable) ('\(Excerpt.quote(text))') is not a ref name Git accepts: \(problem)",
                    hint: "Git refuses such names (git check-ref-format); check how the CI job sets \(variable), or unset it")
            }
            // refs/pull/… and other namespaces name no branch or tag: the next variable may.
            guard let ref = DeployRef(fullName: full) else { continue }
            return RefCandidate(ref: ref, foundBy: "CI variable \(variable)=\(text)")
        }
        return nil
    }

    private static func jenkinsBranch(_ value: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/origin/", "remotes/origin/", "origin/"] where value.hasPrefix(prefix) {
            return String(value.dropFirst(prefix.count))
        }
        return value
    }
}
