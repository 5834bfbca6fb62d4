import GitRepository

/// Version tags (Semantic Versioning, with or without a pre-release) by the commit they point at,
/// for finding the release a commit builds on.
struct ReleaseTagIndex {
    struct Release {
        let name: String
        let version: SemanticVersion
        let commit: ObjectID
    }

    private let byCommit: [ObjectID: [Release]]
    /// Every version tag, for the highest pre-release of a channel.
    let all: [Release]

    init(tags: [TagInfo]) {
        var byCommit: [ObjectID: [Release]] = [:]
        var all: [Release] = []
        for tag in tags {
            guard let commit = tag.target, let version = SemanticVersion(tag: tag.name) else { continue }
            let release = Release(name: tag.name, version: version, commit: commit)
            byCommit[commit, default: []].append(release)
            all.append(release)
        }
        self.byCommit = byCommit
        self.all = all
    }

    var isEmpty: Bool { byCommit.isEmpty }

    /// The highest of `commit`'s own tags that `accepts` takes.
    func at(_ commit: ObjectID, accepts: (SemanticVersion) -> Bool) -> Release? {
        byCommit[commit]?.filter { accepts($0.version) }.max { $0.version < $1.version }
    }

    /// The release nearest to `commit` in its history, as `git describe --tags --match` finds it:
    /// a walk from `commit`, newest first, that stops at the first commit with a tag `accepts`
    /// takes (the highest version there wins). With `excludingStart`, tags on `commit` itself are
    /// passed over: "the previous release". With `stop`, the walk leaves out `stop`'s history: a
    /// release found before it is nearer than it, else there is none nearer (nil).
    func nearest(from commit: ObjectID, in repository: Repository, excludingStart: Bool = false, stop: ObjectID? = nil,
                 accepts: (SemanticVersion) -> Bool = { !$0.isPreRelease }) throws -> Release? {
        guard !isEmpty else { return nil }
        if !excludingStart, let here = at(commit, accepts: accepts) { return here }
        let walk = try repository.walk(CommitRange(include: [commit], exclude: stop.map { [$0] } ?? []), order: .incremental)
        while let info = try walk.next() {
            if info.id == commit { continue }
            if let release = at(info.id, accepts: accepts) { return release }
        }
        return nil
    }
}
