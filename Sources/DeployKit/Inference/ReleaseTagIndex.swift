import GitRepository

/// Version tags — the project's (`v1.2.3`, with or without a pre-release) and its packages'
/// (`api@1.2.3`) — by the commit they point at, for finding the release a commit builds on.
struct ReleaseTagIndex {
    struct Release {
        let name: String
        let version: SemanticVersion
        let commit: ObjectID
        /// The monorepo package the tag releases; nil for the project's own tags.
        var package: String? = nil
    }

    private let byCommit: [ObjectID: [Release]]
    let packagePrefixes: [(prefix: String, package: String)]
    /// Every version tag, for the highest pre-release of a channel.
    let all: [Release]

    /// `packagePrefixes`: configured tag patterns (`backend-release-` → package `backend`), tried
    /// before the usual package tag forms.
    init(tags: [TagInfo], packagePrefixes: [(prefix: String, package: String)] = []) {
        var byCommit: [ObjectID: [Release]] = [:]
        var all: [Release] = []
        for tag in tags {
            guard let commit = tag.target, let release = Self.release(tag.name, commit: commit, packagePrefixes: packagePrefixes) else { continue }
            byCommit[commit, default: []].append(release)
            all.append(release)
        }
        self.byCommit = byCommit
        self.all = all
        self.packagePrefixes = packagePrefixes
    }

    /// What a tag name releases: the project (`v1.2.3`) or a package (`api@1.2.3`), or nil.
    static func release(_ name: String, commit: ObjectID, packagePrefixes: [(prefix: String, package: String)]) -> Release? {
        if let version = SemanticVersion(tag: name) { return Release(name: name, version: version, commit: commit) }
        for (prefix, package) in packagePrefixes {
            if let version = PackageTag.version(of: name, prefix: prefix) {
                return Release(name: name, version: version, commit: commit, package: package)
            }
        }
        return PackageTag(name).map { Release(name: name, version: $0.version, commit: commit, package: $0.package) }
    }

    var isEmpty: Bool { byCommit.isEmpty }

    /// The project's releases (no pre-release, no package): the default of `nearest`.
    static func projectRelease(_ release: Release) -> Bool {
        release.package == nil && !release.version.isPreRelease
    }

    /// The highest of `commit`'s own tags that `accepts` takes.
    func at(_ commit: ObjectID, accepts: (Release) -> Bool) -> Release? {
        byCommit[commit]?.filter(accepts).max { $0.version < $1.version }
    }

    /// The release nearest to `commit` in its history, as `git describe --tags --match` finds it:
    /// a walk from `commit`, newest first, that stops at the first commit with a tag `accepts`
    /// takes (the highest version there wins). With `excludingStart`, tags on `commit` itself are
    /// passed over: "the previous release". With `stop`, the walk leaves out `stop`'s history: a
    /// release found before it is nearer than it, else there is none nearer (nil).
    func nearest(from commit: ObjectID, in repository: Repository, excludingStart: Bool = false, stop: ObjectID? = nil,
                 limit: Int? = nil, accepts: (Release) -> Bool = ReleaseTagIndex.projectRelease) throws -> Release? {
        guard !isEmpty else { return nil }
        if !excludingStart, let here = at(commit, accepts: accepts) { return here }
        let found = try repository.firstAncestor(of: commit, hiding: stop, limit: limit) { at($0, accepts: accepts) != nil }
        return found.flatMap { at($0, accepts: accepts) }
    }
}
