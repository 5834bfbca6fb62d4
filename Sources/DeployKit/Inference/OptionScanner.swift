import DeployCore
import GitRepository

/// What the commit scan found (DESIGN §4 "Options from the commits being deployed").
public struct OptionScanResult: Sendable {
    public var evidence: [OptionEvidence] = []
    public var summary: ScanSummary
    public var warnings: [String] = []
    /// The version bump the commits ask for, when the scan read its whole range (or met a
    /// breaking change): the release context then needs no walk of its own over the same range.
    var bump: BumpDecision?
    /// The range that was scanned (set by the planner).
    var range = CommitRange(include: [])
}

/// Reads the commits being deployed, newest first, and infers options from their messages and
/// changed paths. Each commit and each diff is read at most once, a diff only while a path rule can
/// still add something, and the scan stops once every option it can infer has been found.
public struct OptionScanner {
    public let settings: InferenceSettings

    public init(settings: InferenceSettings) {
        self.settings = settings
    }

    /// The options a scan can infer; the ones in `known` need no evidence and are not looked for.
    func wanted(excluding known: Set<DeployOption>) -> Set<DeployOption> {
        var wanted: Set<DeployOption> = [.breakingChanges, .multiService]
        for rule in settings.pathRules where !rule.globs.isEmpty { wanted.insert(rule.option) }
        if settings.serviceRoots.isEmpty { wanted.remove(.multiService) }
        return wanted.subtracting(known)
    }

    /// Scans `walk`; `rangeDescription` is how `explain` names the range. `package`: a monorepo
    /// package's folder (`services/api`): only commits that touch it are read and counted, and
    /// only their paths inside it imply options.
    public func scan(_ walk: CommitWalk, rangeDescription: String, known: Set<DeployOption>, package: String? = nil,
                     releaseRules: [ReleaseRule] = []) throws -> OptionScanResult {
        var result = OptionScanResult(summary: ScanSummary(range: rangeDescription, commitsRead: 0, stoppedEarly: false, capped: false))
        var remaining = wanted(excluding: known)
        var found = known
        // The first path seen under each service root, for --multi-service evidence.
        var serviceRoots: [String: (commit: CommitInfo, path: String)] = [:]
        var stoppedEarly = false
        var bump: BumpDecision?
        var capped = false
        var read = 0
        // The first shallow-clone boundary commit the scan read, if it got that far.
        var boundary: CommitInfo?

        func record(_ option: DeployOption, _ commit: CommitInfo, path: String? = nil, reason: String) {
            guard !found.contains(option) else { return }
            found.insert(option)
            remaining.remove(option)
            result.evidence.append(OptionEvidence(option: option, commit: commit.id, subject: commit.subject, path: path, reason: reason))
        }

        // Excluded paths (tests, docs) that a rule would have taken, for explain: a few are enough.
        var excluded: [String] = []
        func noteExclusion(_ path: String, by exclusion: GlobPattern, commit: CommitInfo,
                           rules: [(option: DeployOption, globs: [GlobPattern])]) {
            guard excluded.count < Self.excludedNotes,
                  let rule = rules.first(where: { rule in !found.contains(rule.option) && rule.globs.contains { $0.matches(path) } })
            else { return }
            excluded.append("\(rule.option.rawValue): \(path) (commit \(commit.id.short)) excluded by \(exclusion.text)")
        }

        // The path rules whose option is still to be found; none, and no --multi-service to
        // look for, means no commit's paths are needed any more.
        func pathRulesLeft() -> [(option: DeployOption, globs: [GlobPattern])] { settings.pathRules.filter { remaining.contains($0.option) } }
        while true {
            if remaining.isEmpty { stoppedEarly = true; break }
            // A package's scan walks commits it then passes over: the cap bounds the walk too.
            if read >= settings.maxCommits || (package != nil && walk.visited >= Self.packageWalkFactor * settings.maxCommits) {
                // One look past the cap tells a capped scan from a range that ended there.
                if try walk.next() != nil { capped = true }
                break
            }
            guard let commit = try walk.next() else { break }
            // A package's commits are the ones that touch its folder (their paths are listed
            // whole, once); a shallow boundary's paths are unknown, so it is not one of them.
            var packagePaths: [String]?
            if let package {
                if walk.isShallowBoundary(commit) {
                    if boundary == nil { boundary = commit }
                    continue
                }
                var inside: [String] = []
                _ = try walk.changedPaths(of: commit) { path in
                    if path.hasPrefix(package + "/") { inside.append(path) }
                    return true
                }
                guard !inside.isEmpty else { continue }
                packagePaths = inside
            }
            read += 1

            let message = CommitMessage(commit.message)
            if bump?.level != .major, case (let level?, let reason) = VersionBump.level(of: message, rules: releaseRules),
               bump == nil || level > bump!.level {
                bump = BumpDecision(level: level, commit: commit.id, subject: commit.subject, reason: reason)
            }
            if let marker = message.breakingChange {
                record(.breakingChanges, commit, reason: marker)
            }
            for option in message.deployOptions {
                guard option.isDescriptive else {
                    result.warnings.append(Self.refusedTrailer(option, commit))
                    continue
                }
                record(option, commit, reason: "trailer Deploy-Options")
            }
            for word in message.unknownDeployOptions {
                result.warnings.append("commit \(commit.id.short) \"\(commit.subject.prefix(60))\": Deploy-Options names unknown option '\(word.prefix(60))' (ignored; known: \(DeployOption.allCases.map(\.rawValue).joined(separator: ", ")))")
            }

            // A shallow clone's boundary commit has no parent to diff against: its "changed paths"
            // would be every file of the tree, inferring every path option the repository could
            // ever trigger (a depth-1 CI checkout with any migration would always get
            // --database-migration). Its message is real and was read above; its paths are unknown.
            if walk.isShallowBoundary(commit) {
                if boundary == nil { boundary = commit }
                continue
            }

            let rulesLeft = pathRulesLeft()
            let servicesLeft = remaining.contains(.multiService)
            guard !rulesLeft.isEmpty || servicesLeft else { continue }

            // Evidence needs one path per option: the listing stops once this commit's paths
            // can add nothing more.
            func consider(_ path: String) -> Bool {
                // Exclusions are matched only for a path a rule takes: most paths match no rule.
                var exclusion: GlobPattern??
                func excludedBy() -> GlobPattern? {
                    if exclusion == nil { exclusion = .some(settings.excludedPaths.first { $0.matches(path) }) }
                    return exclusion!
                }
                for rule in rulesLeft where !found.contains(rule.option) {
                    if let glob = rule.globs.first(where: { $0.matches(path) }) {
                        if let excluded = excludedBy() {
                            noteExclusion(path, by: excluded, commit: commit, rules: rulesLeft)
                            return true
                        }
                        record(rule.option, commit, path: path, reason: "path matched \(glob.text)")
                    }
                }
                if servicesLeft, !found.contains(.multiService), let root = serviceRoot(of: path), serviceRoots[root] == nil,
                   excludedBy() == nil {
                    serviceRoots[root] = (commit, path)
                    if serviceRoots.count >= 2 {
                        let roots = serviceRoots.keys.sorted().joined(separator: ", ")
                        record(.multiService, commit, path: path, reason: "changes under \(serviceRoots.count) service roots: \(roots)")
                    }
                }
                return rulesLeft.contains { !found.contains($0.option) } || (servicesLeft && !found.contains(.multiService))
            }
            if let packagePaths {
                for path in packagePaths where consider(path) == false { break }
                continue
            }
            let listing = try walk.changedPaths(of: commit, consider)
            if case .truncated(let reason) = listing {
                result.warnings.append("commit \(commit.id.short) \"\(commit.subject.prefix(60))\": its changed paths were read only up to a limit (\(reason)); the rest were not scanned")
            }
        }

        if let boundary {
            result.warnings.append("the repository is shallow: commits before the shallow boundary (\(boundary.id.short)) were not scanned, nor the paths that commit changed; git fetch --unshallow fetches the rest of the history")
        }
        if capped {
            result.warnings.append("read only the newest \(settings.maxCommits) commits of \(rangeDescription) (inference.max-commits); older commits were not scanned")
        }
        // A bump is known for the range only when every commit of it was read, or one was major.
        if bump?.level == .major || (!stoppedEarly && !capped) {
            result.bump = bump ?? BumpDecision(level: .patch, commit: nil, subject: nil, reason: VersionBump.noRelease)
        }
        result.summary = ScanSummary(range: rangeDescription, commitsRead: read, stoppedEarly: stoppedEarly, capped: capped,
                                     excluded: excluded)
        result.evidence.sort { $0.option < $1.option }
        return result
    }

    /// A package's scan walks at most this many times `inference.max-commits` commits of its range.
    static let packageWalkFactor = 4

    /// How many excluded paths explain names.
    static let excludedNotes = 5

    /// A trailer asking for an option only the person running git-deploy may give: reported, never applied.
    static func refusedTrailer(_ option: DeployOption, _ commit: CommitInfo) -> String {
        "commit \(commit.id.short) \"\(commit.subject.prefix(60))\": Deploy-Options asks for \(option.rawValue), which a commit message cannot give "
            + "(ignored: trailers may only add \(DeployOption.allCases.filter(\.isDescriptive).map(\.rawValue).joined(separator: ", ")); "
            + "whoever runs git deploy passes \(option.rawValue) on the command line)"
    }

    /// The service root a path lies under ("services/api" for "services/api/src/x.swift"), or nil.
    func serviceRoot(of path: String) -> String? {
        var end = path.startIndex
        while let slash = path[end...].firstIndex(of: "/") {
            let prefix = String(path[..<slash])
            if settings.serviceRoots.contains(where: { $0.matches(prefix) }) { return prefix }
            end = path.index(after: slash)
        }
        return nil
    }
}
