import GitRepository

/// Which commits are "being deployed" (DESIGN §4): given by the caller (a hook's push range, or
/// `--range A..B`), else since the last successful deployment of the environment, else since the
/// previous release tag, else the whole history (capped by `inference.max-commits`).
public struct ScanRange: Sendable, Equatable {
    public let range: CommitRange
    /// How `explain` names it: "v1.4.2..a1b2c3d (since the previous release tag)".
    public let description: String

    public init(range: CommitRange, description: String) {
        self.range = range
        self.description = description
    }

    /// Parses a range in Git's revision syntax (`A..B`, `A...B`, `^A B`, or a single revision,
    /// meaning its whole history), each side as `git rev-parse` reads it (`v25.0.8`, `HEAD~3`,
    /// `refs/tags/v1.0.0`).
    public static func parse(_ text: String, in repository: Repository) throws(DeployError) -> ScanRange {
        do {
            return ScanRange(range: try repository.resolveRange(text), description: text)
        } catch {
            throw DeployError.badInput("--range \(Excerpt.quote(text)): \(error.message)",
                                       hint: "give revisions that exist here, as Git reads them: A..B, A...B or ^A B (e.g. v1.2.0..HEAD)")
        }
    }

    /// A tag of Semantic Versioning form (a release or a pre-release, the project's or a
    /// package's): its deployment is the release's, and its range always starts at the previous release.
    public static func isReleaseTag(_ ref: DeployRef, packages: [PackageDefinition] = []) -> Bool {
        guard let name = ref.tagName else { return false }
        return SemanticVersion(tag: name) != nil || PackageTag(name) != nil
            || packages.contains { $0.tagPrefix.flatMap { PackageTag.version(of: name, prefix: $0) } != nil }
    }

    /// The default range for deploying `commit` when the caller gave none: since the environment's
    /// last successful deployment, else from where the release starts (`baseline`). A release —
    /// a release tag, or a tip already tagged on its line — always covers what went into it:
    /// previous release..tag, whatever was deployed since.
    static func since(lastDeployed: ObjectID?, environment: String, commit: ObjectID, baseline: ReleaseBaseline,
                      repository: Repository) throws -> ScanRange {
        if baseline.tagged == nil, let lastDeployed, lastDeployed != commit, try repository.isAncestor(lastDeployed, of: commit) {
            return ScanRange(range: .between(lastDeployed, commit),
                             description: "\(lastDeployed.short)..\(commit.short) (since the last successful \(environment) deployment)")
        }
        if let start = baseline.start {
            return ScanRange(range: .between(start.commit, commit), description: "\(start.name)..\(commit.short) (\(start.why))")
        }
        return ScanRange(range: .between(nil, commit), description: "\(commit.short) (whole history: no earlier deployment or release tag)")
    }
}
