import GitRepository

/// Release tags (Semantic Versioning, no pre-release) by the commit they point at, for finding the
/// release a commit builds on.
struct ReleaseTagIndex {
    struct Release {
        let name: String
        let version: SemanticVersion
        let commit: ObjectID
    }

    private let byCommit: [ObjectID: [Release]]

    init(tags: [TagInfo]) {
        var byCommit: [ObjectID: [Release]] = [:]
        for tag in tags {
            guard let commit = tag.target, let version = SemanticVersion(tag: tag.name), !version.isPreRelease else { continue }
            byCommit[commit, default: []].append(Release(name: tag.name, version: version, commit: commit))
        }
        self.byCommit = byCommit
    }

    var isEmpty: Bool { byCommit.isEmpty }

    /// The release nearest to `commit` in its history, as `git describe --tags` finds it: a walk from
    /// `commit`, newest first, that stops at the first tagged commit (the highest version there wins).
    /// With `excludingStart`, tags on `commit` itself are passed over: "the previous release".
    func nearest(from commit: ObjectID, in repository: Repository, excludingStart: Bool = false) throws -> Release? {
        guard !isEmpty else { return nil }
        if !excludingStart, let here = byCommit[commit] { return here.max { $0.version < $1.version } }
        let walk = try repository.walk(CommitRange(include: [commit]), order: .incremental)
        while let info = try walk.next() {
            if info.id == commit { continue }
            if let releases = byCommit[info.id] { return releases.max { $0.version < $1.version } }
        }
        return nil
    }
}
