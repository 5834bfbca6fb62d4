import GitRepository

/// Where a release stands (DESIGN §4 "Release context"): continuing one described by
/// `.release_config`, or a new one whose version is the next patch after the newest reachable tag.
public struct ReleaseContext: Equatable, Sendable {
    public enum Mode: String, Sendable { case new, `continue` }
    public let mode: Mode
    public let version: String?
    public let manager: String?
    /// Where the values came from: ".release_config" (work tree), "<commit>:.release_config", or "tag v1.4.2".
    public let source: String

    public static let fileName = ".release_config"

    /// Reads `.release_config` from the work tree, else the deployed commit's tree; without one,
    /// derives the next patch version from the newest semver tag reachable from `commit`.
    /// A release tag being deployed is its own version when no `.release_config` says otherwise.
    static func load(repository: Repository, commit: ObjectID?, releases: ReleaseTagIndex,
                     deployedTag: String?) throws(DeployError) -> ReleaseContext {
        if let (bytes, origin) = try readConfig(repository: repository, commit: commit) {
            let values: [String: String]
            do {
                values = try ReleaseConfigParser.parse(bytes)
            } catch {
                throw DeployError.badInput("\(origin):\(error.line): \(error.reason)",
                                           hint: "fix that line of \(fileName), or remove the file to start a new release")
            }
            return ReleaseContext(mode: .continue, version: values["RELEASE_VERSION"], manager: values["RELEASE_MANAGER"], source: origin)
        }
        if let tag = deployedTag, let version = SemanticVersion(tag: tag) {
            return ReleaseContext(mode: .new, version: version.description, manager: nil, source: "tag \(tag)")
        }
        guard let commit else {
            return ReleaseContext(mode: .new, version: "0.1.0", manager: nil, source: "no commits yet")
        }
        do {
            if let newest = try releases.nearest(from: commit, in: repository) {
                return ReleaseContext(mode: .new, version: newest.version.nextPatch.description, manager: nil,
                                      source: "next patch after tag \(newest.name)")
            }
        } catch {
            throw DeployError.repositoryRead("read the history of \(commit.short)", error)
        }
        return ReleaseContext(mode: .new, version: "0.1.0", manager: nil, source: "no semver tag reachable")
    }

    /// The file's bytes and how errors name it; a symlink, or more than
    /// `InputLimits.releaseConfigBytes`, is refused unread (RepositoryFile).
    private static func readConfig(repository: Repository, commit: ObjectID?) throws(DeployError) -> ([UInt8], String)? {
        if let root = repository.workTreeRoot, let bytes = try RepositoryFile.read(fileName, in: root, limit: InputLimits.releaseConfigBytes) {
            return (bytes, fileName)
        }
        guard let commit else { return nil }
        let origin = "\(commit.short):\(fileName)"
        guard let bytes = try RepositoryFile.read(fileName, in: commit, repository: repository, origin: origin,
                                                  limit: InputLimits.releaseConfigBytes,
                                                  what: "read \(fileName) from commit \(commit.short)") else { return nil }
        return (bytes, origin)
    }
}
