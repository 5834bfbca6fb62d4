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

    /// Parses `A..B` (or a single revision, meaning its whole history) into a range.
    public static func parse(_ text: String, in repository: Repository) throws(DeployError) -> ScanRange {
        let parts = text.components(separatedBy: "..")
        func resolve(_ revision: String) throws(DeployError) -> ObjectID {
            do {
                return try repository.resolveCommit(revision)
            } catch {
                throw DeployError.badInput("--range \(text): cannot resolve '\(revision)' to a commit: \(error.message)",
                                           hint: "give a range as A..B with revisions that exist here, e.g. v1.2.0..HEAD")
            }
        }
        switch parts.count {
        case 1:
            return ScanRange(range: CommitRange(include: [try resolve(text)]), description: text)
        case 2 where !parts[1].contains("."):
            let to = try resolve(parts[1].isEmpty ? "HEAD" : parts[1])
            let from = try resolve(parts[0].isEmpty ? "HEAD" : parts[0])
            return ScanRange(range: .between(from, to), description: text)
        default:
            throw DeployError.badInput("--range \(text): expected A..B", hint: "use two dots: --range v1.2.0..HEAD")
        }
    }

    /// The default range for deploying `commit` when the caller gave none.
    static func since(lastDeployed: ObjectID?, environment: String, commit: ObjectID, releases: ReleaseTagIndex,
                      repository: Repository) throws -> ScanRange {
        if let lastDeployed, lastDeployed != commit, try repository.isAncestor(lastDeployed, of: commit) {
            return ScanRange(range: .between(lastDeployed, commit),
                             description: "\(lastDeployed.short)..\(commit.short) (since the last successful \(environment) deployment)")
        }
        if let previous = try releases.nearest(from: commit, in: repository, excludingStart: true) {
            return ScanRange(range: .between(previous.commit, commit),
                             description: "\(previous.name)..\(commit.short) (since the previous release tag)")
        }
        return ScanRange(range: .between(nil, commit), description: "\(commit.short) (whole history: no earlier deployment or release tag)")
    }
}
