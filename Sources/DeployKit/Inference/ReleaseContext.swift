import GitRepository

/// Where a release stands (README "How decisions are made", versions): continuing one described
/// by `.release_config`, or a new one whose version follows from its line, the previous release
/// on that line and what its commits ask for (Conventional Commits).
public struct ReleaseContext: Equatable, Sendable {
    public enum Mode: String, Sendable { case new, `continue` }
    public let mode: Mode
    public let version: String?
    public let manager: String?
    /// Where the values came from: ".release_config" (work tree), "<commit>:.release_config",
    /// "tag v1.4.2", "minor after v1.4.2".
    public let source: String
    /// "main line", "maintenance line 2.3.x", "pre-release channel beta"; nil with `.release_config`.
    public let line: String?
    /// The previous release the version follows (a tag name), or nil.
    public let previous: String?
    /// The bump the commits asked for and the commit that decided it; nil when no bump was read.
    public let bump: BumpDecision?

    public init(mode: Mode, version: String?, manager: String?, source: String, line: String? = nil,
                previous: String? = nil, bump: BumpDecision? = nil) {
        self.mode = mode
        self.version = version
        self.manager = manager
        self.source = source
        self.line = line
        self.previous = previous
        self.bump = bump
    }

    public static let fileName = ".release_config"

    /// Reads `.release_config` from the work tree, else the deployed commit's tree; without one,
    /// proposes the version from the baseline (the release's line and previous release) and the
    /// bump its commits ask for.
    /// `scanned`: the bump the option scan already read over a range, reused when the version's
    /// range is the same.
    static func load(repository: Repository, commit: ObjectID?, baseline: ReleaseBaseline?, releases: ReleaseTagIndex,
                     settings: ReleaseSettings, maxCommits: Int,
                     scanned: (range: CommitRange, bump: BumpDecision)? = nil) throws(DeployError) -> ReleaseContext {
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
        guard let commit, let baseline else {
            return ReleaseContext(mode: .new, version: "0.1.0", manager: nil, source: "no commits yet")
        }
        do {
            return try propose(commit: commit, baseline: baseline, releases: releases, settings: settings,
                               maxCommits: maxCommits, scanned: scanned, repository: repository)
        } catch {
            throw DeployError.repositoryRead("read the history of \(commit.short)", error)
        }
    }

    private static func propose(commit: ObjectID, baseline: ReleaseBaseline, releases: ReleaseTagIndex, settings: ReleaseSettings,
                                maxCommits: Int, scanned: (range: CommitRange, bump: BumpDecision)?,
                                repository: Repository) throws -> ReleaseContext {
        let line = baseline.line.description
        if let tagged = baseline.tagged {
            return ReleaseContext(mode: .new, version: tagged.version.description, manager: nil,
                                  source: "tag \(tagged.name)", line: line, previous: baseline.previous?.name)
        }
        func decide(since start: ObjectID?) throws -> BumpDecision {
            let range = CommitRange.between(start, commit)
            if let scanned, scanned.range == range { return scanned.bump }
            return try VersionBump.decide(range, rules: settings.rules, limit: maxCommits, in: repository)
        }
        switch baseline.line {
        case .main:
            if let fork = baseline.fork {
                let bump = try decide(since: fork.commit)
                let version = bump.level == .major || fork.minor == nil
                    ? SemanticVersion(major: fork.major + 1, minor: 0, patch: 0)
                    : SemanticVersion(major: fork.major, minor: (fork.minor ?? 0) + 1, patch: 0)
                return ReleaseContext(mode: .new, version: version.description, manager: nil,
                                      source: "next \(bump.level == .major ? "major" : "minor") after release branch \(fork.branch) (no release tag of the main line since its fork point \(fork.commit.short))",
                                      line: line, previous: nil, bump: bump)
            }
            return try following(baseline.previous, decide: decide, line: line, cap: nil)
        case .maintenance(let major, let minor):
            guard let previous = baseline.previous else {
                let version = SemanticVersion(major: major, minor: minor ?? 0, patch: 0)
                return ReleaseContext(mode: .new, version: version.description, manager: nil,
                                      source: "first release of the \(line) (no tag on it yet)", line: line,
                                      bump: try decide(since: baseline.start?.commit))
            }
            // A maintenance line's versions stay inside its range (semantic-release's maintenance branches).
            return try following(previous, decide: decide, line: line, cap: minor == nil ? .minor : .patch)
        case .preRelease(let channel):
            // The release the channel leads to: the last release's next version, then -channel.N.
            let lastRelease = baseline.previous.map { !$0.version.isPreRelease } == true
                ? baseline.previous
                : try releases.nearest(from: commit, in: repository, excludingStart: true)
            let target = try following(lastRelease, decide: decide, line: line, cap: nil)
            guard let base = target.version.flatMap(SemanticVersion.init(tag:)) else { return target }
            let highest = releases.all.compactMap { release -> Int? in
                let version = release.version
                guard release.package == nil, version.major == base.major, version.minor == base.minor, version.patch == base.patch,
                      version.preRelease.count == 2, version.preRelease[0] == channel else { return nil }
                return Int(version.preRelease[1])
            }.max()
            let number = (highest ?? 0) < 999_999_999 ? (highest ?? 0) + 1 : (highest ?? 0)
            let version = SemanticVersion(major: base.major, minor: base.minor, patch: base.patch, preRelease: [channel, String(number)])
            let after = highest.map { " after \(base)-\(channel).\($0)" } ?? ""
            return ReleaseContext(mode: .new, version: version.description, manager: nil,
                                  source: "\(channel) pre-release of \(base)\(after) (\(target.source))", line: line,
                                  previous: target.previous, bump: target.bump)
        }
    }

    /// The version after `previous` that the commits since it ask for, at most `cap`.
    private static func following(_ previous: ReleaseTagIndex.Release?, decide: (ObjectID?) throws -> BumpDecision,
                                  line: String, cap: BumpLevel?) throws -> ReleaseContext {
        guard let previous else {
            return ReleaseContext(mode: .new, version: "0.1.0", manager: nil, source: "no release tag on the \(line)", line: line)
        }
        let bump = try decide(previous.commit)
        let level = cap.map { min($0, bump.level) } ?? bump.level
        let version = previous.version.bumped(level)
        let capped = level < bump.level ? " (the \(line) stays in its range: \(bump.level) asked)" : ""
        return ReleaseContext(mode: .new, version: version.description, manager: nil,
                              source: "next \(level) after tag \(previous.name)\(capped)", line: line, previous: previous.name, bump: bump)
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

extension SemanticVersion {
    /// The release after this one at `level`: 1.4.2 → 2.0.0, 1.5.0, 1.4.3; a pre-release's own
    /// release counts as the next patch (1.5.0-rc.1 → 1.5.0).
    func bumped(_ level: BumpLevel) -> SemanticVersion {
        switch level {
        case .major: return SemanticVersion(major: major + 1, minor: 0, patch: 0)
        case .minor: return SemanticVersion(major: major, minor: minor + 1, patch: 0)
        case .patch: return nextPatch
        }
    }
}
