import GitRepository

/// Where the release being deployed starts (README "How decisions are made", ranges): the
/// previous release on the same line, found by ancestry as `git describe --tags --match` finds
/// it; or, on a main line that has no release tag nearer (the project tags only on its release
/// branches), the fork point of the newest release branch.
struct ReleaseBaseline {
    /// A release branch and where it left the line being deployed.
    struct ForkPoint {
        let branch: String
        let major: Int
        let minor: Int?
        let commit: ObjectID
    }

    let line: ReleaseLine
    /// The version tag on the deployed commit that makes it a release: the deployed tag, or a
    /// tip already tagged on this line.
    let tagged: ReleaseTagIndex.Release?
    /// The monorepo package being released (a package tag is deployed), else nil.
    var package: String? { tagged?.package }
    /// The previous release on the line, not counting the commit's own tags.
    let previous: ReleaseTagIndex.Release?
    /// Set when the newest release branch's fork point is nearer than any release on the line.
    let fork: ForkPoint?

    /// The start of the range the release covers and how `explain` names it; nil: all of history.
    var start: (commit: ObjectID, name: String, why: String)? {
        if let fork {
            return (fork.commit, fork.commit.short, "fork point of release branch \(fork.branch); no release tag of this line since")
        }
        if let previous { return (previous.commit, previous.name, "since the previous release tag") }
        return nil
    }

    static func find(commit: ObjectID, deployedTag: String?, branch: String?, preReleaseBranches: [String],
                     releases: ReleaseTagIndex, repository: Repository) throws -> ReleaseBaseline {
        if let deployedTag, let tagged = ReleaseTagIndex.release(deployedTag, commit: commit, packagePrefixes: releases.packagePrefixes) {
            if let previous = try previousPatch(of: tagged, from: commit, releases: releases, repository: repository) {
                return ReleaseBaseline(line: .main, tagged: tagged, previous: previous, fork: nil)
            }
            // A release cut on its own branch (v3.5.0 on release-3.5, after release candidates)
            // may have no earlier release in its history but one from years ago: what went into
            // it starts where the previous release branch left the main line.
            var fork: ForkPoint?
            if tagged.package == nil {
                fork = try newestReleaseBranchFork(from: commit, excluding: nil,
                                                   below: (tagged.version.major, tagged.version.minor), repository: repository)
            }
            // A package's release follows that package's previous release (`api@1.2.0` → `api@1.3.0`).
            let previous = try releases.nearest(from: commit, in: repository, excludingStart: true, stop: fork?.commit) { release in
                release.package == tagged.package && !release.version.isPreRelease
            }
            return ReleaseBaseline(line: .main, tagged: tagged, previous: previous, fork: previous == nil ? fork : nil)
        }
        let line = branch.map { ReleaseLine.of(branch: $0, preReleaseBranches: preReleaseBranches) } ?? .main
        let tagged = releases.at(commit) { $0.package == nil && line.accepts($0.version) && (!$0.version.isPreRelease || line != .main) }
        var fork: ForkPoint?
        if tagged == nil, let branch {
            switch line {
            case .main, .preRelease:
                fork = try newestReleaseBranchFork(from: commit, excluding: branch, below: nil, repository: repository)
            case .maintenance(let major, let minor):
                // A maintenance line without a tag yet starts where the release branch before it left.
                fork = try newestReleaseBranchFork(from: commit, excluding: branch, below: (major, minor ?? 0), repository: repository)
            }
        }
        let previous = try releases.nearest(from: commit, in: repository, excludingStart: true, stop: fork?.commit) { release in
            release.package == nil && line.accepts(release.version)
        }
        // A release found before the fork point is nearer: the range starts there.
        if previous != nil { fork = nil }
        return ReleaseBaseline(line: line, tagged: tagged, previous: previous, fork: fork)
    }

    /// How far back the previous patch release of a patch release is looked for (commits).
    static let previousPatchSearchLimit = 2_000

    /// A patch release (`v3.4.3`) follows the previous release of its own minor line (`v3.4.2`),
    /// which is always newer than where the release branch before that line forked: when that
    /// release is near, no fork point is needed, and finding one (a merge base against the
    /// previous release branch, across the whole history) is the costliest step of `explain` on
    /// a large repository. nil: not a patch release, or none within the search limit.
    static func previousPatch(of tagged: ReleaseTagIndex.Release, from commit: ObjectID, releases: ReleaseTagIndex,
                              repository: Repository) throws -> ReleaseTagIndex.Release? {
        let version = tagged.version
        guard version.patch > 0, !version.isPreRelease else { return nil }
        return try releases.nearest(from: commit, in: repository, excludingStart: true, limit: previousPatchSearchLimit) { release in
            release.package == tagged.package && !release.version.isPreRelease
                && release.version.major == version.major && release.version.minor == version.minor && release.version < version
        }
    }

    /// The newest release branch (highest version in its name: `release-2.14`, `release/3.0`,
    /// `2.3.x`, local or remote-tracking) other than `excluding`, and where it forked from `commit`'s
    /// history. nil when there is none, or it has not forked from this history.
    /// `below`: only branches of lower versions (the release branches before a release's own).
    static func newestReleaseBranchFork(from commit: ObjectID, excluding current: String?, below: (Int, Int)?,
                                        repository: Repository) throws -> ForkPoint? {
        var newest: (name: String, major: Int, minor: Int?, tip: ObjectID)?
        for tip in try repository.branchTips(where: { Self.releaseBranchName($0) != nil }) {
            guard let name = releaseBranchName(tip.reference), name != current,
                  let (major, minor) = ReleaseLine.maintenanceRange(name) else { continue }
            if let below, (major, minor ?? Int.max) >= below { continue }
            if let known = newest, (known.major, known.minor ?? -1) >= (major, minor ?? -1) { continue }
            newest = (name, major, minor, tip.commit)
        }
        guard let newest, let base = try repository.mergeBase(commit, newest.tip), base != commit else { return nil }
        return ForkPoint(branch: newest.name, major: newest.major, minor: newest.minor, commit: base)
    }

    /// The branch's short name (`refs/remotes/origin/release-2.3` → `release-2.3`) when it names a
    /// maintenance line; nil otherwise.
    static func releaseBranchName(_ reference: String) -> String? {
        var name: Substring
        if reference.hasPrefix("refs/heads/") {
            name = reference.dropFirst("refs/heads/".count)
        } else if reference.hasPrefix("refs/remotes/"), let slash = reference.dropFirst("refs/remotes/".count).firstIndex(of: "/") {
            name = reference[reference.index(after: slash)...]
        } else {
            return nil
        }
        return ReleaseLine.maintenanceRange(String(name)) != nil ? String(name) : nil
    }
}
