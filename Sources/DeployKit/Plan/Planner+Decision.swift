import DeployCore
import GitRepository

/// The decision stages of DESIGN §1 (request → assessment → decision): what is deployed, where,
/// how and why, with the evidence for each step. Reads only the snapshot; writes nothing.
extension Planner {
    static func decide(_ request: DeploymentRequest, in snapshot: RepositorySnapshot) throws(DeployError) -> Explanation {
        let repository = snapshot.repository
        let configuration = snapshot.configuration
        var warnings: [String] = []
        let head = try snapshot.head()
        let commit = try deployedCommit(request, head: head, repository: repository)
        let tags = try snapshot.tags()
        let tagsAtCommit = commit.map { id in tags.filter { $0.target == id }.map(\.name) } ?? []
        let releases = ReleaseTagIndex(tags: tags, packagePrefixes: configuration.packages.compactMap { package in
            package.tagPrefix.map { (prefix: $0, package: package.name) }
        })

        let candidates: [RefCandidate]
        if let ref = request.ref {
            candidates = [RefCandidate(ref: ref, foundBy: "pushed ref")]
        } else {
            candidates = try RefResolver.candidates(head: head, tagsAtCommit: tagsAtCommit, environment: request.environmentVariables)
        }
        let (environment, environmentSource, refMatch) = try chooseEnvironment(
            request, candidates: candidates, head: head, configuration: configuration)
        let deployedRef = refMatch?.ref ?? candidates.first?.ref

        let tree = commit.map { CommitTree(repository: repository, commit: $0) }
        let platform: Platform?
        let platformSource: String
        let detection = try tree.map { tree throws(DeployError) in
            try DeployError.reading("detect the platform") { try PlatformDetector.detect(in: tree) }
        }
        let platformFiles = detection.flatMap { $0.platform == .traditional ? nil : $0.source }
        if let explicit = request.platform {
            platform = explicit
            platformSource = "--type \(explicit.rawValue)"
        } else if let configured = configuration.platform {
            platform = configured
            platformSource = "platform: \(configured.rawValue) (\(configuration.origins["platform"] ?? ".deploy.yml"))"
        } else if let detection {
            platform = detection.platform
            platformSource = detection.source
        } else {
            platform = nil
            platformSource = "no commit to inspect"
            warnings.append("HEAD has no commits yet: platform and options cannot be inferred")
        }

        var evidence = request.options.sorted().map { OptionEvidence(option: $0, reason: "command line") }
        if let rule = refMatch?.rule {
            warnings += EmergencyReason.refusedFromConfiguration(rule)
            for option in rule.options where option != .emergency && !evidence.contains(where: { $0.option == option }) {
                evidence.append(OptionEvidence(option: option, reason: "ref rule \(rule.pattern) (\(rule.origin))"))
            }
        }
        var branch = deployedRef?.branchName
        if branch == nil, case .branch(let name, let headCommit) = head, headCommit == commit { branch = name }
        let baseline = try commit.map { commit throws(DeployError) in
            try DeployError.reading("find the previous release") {
                try ReleaseBaseline.find(commit: commit, deployedTag: deployedRef?.tagName, branch: branch,
                                         preReleaseBranches: configuration.release.preReleaseBranches,
                                         releases: releases, repository: repository)
            }
        }

        // A package tag deploys one package of a monorepo: its commits are the ones touching its folder.
        var package: PackageDefinition?
        if let name = baseline?.package, let tree {
            package = try DeployError.reading("find package \(name)") {
                try PackageCatalog.find(name, configured: configuration.packages, tree: tree)
            }
            if package == nil {
                warnings.append("tag \(deployedRef?.name ?? name) releases package '\(name)', which is neither under packages: in .deploy.yml nor a folder of \(PackageCatalog.roots.map { $0 + "/" }.joined(separator: ", ")) with a manifest; the scan covers the whole repository")
            }
        }

        var scan: ScanSummary?
        var scannedBump: (range: CommitRange, bump: BumpDecision)?
        if request.inferOptions, let commit, let baseline {
            let result = try scanCommits(request, commit: commit, environment: environment.name, baseline: baseline,
                                         package: package?.path, known: Set(evidence.map(\.option)), snapshot: snapshot)
            evidence += result.evidence
            warnings += result.warnings
            scan = result.summary
            scannedBump = result.bump.map { (result.range, $0) }
        }
        let options = Set(evidence.map(\.option))

        let routing = Router.route(
            RoutingInput(environment: environment.name, platform: platform, complexity: request.complexity, options: options),
            table: configuration.routes)
        guard routing.decision != nil else {
            let key = RoutingKey(environment: environment.name, complexity: routing.complexity, mode: routing.mode)
            throw DeployError.badInput("no routing rule matches \(key)",
                                       hint: "add a catch-all route (key: \"*,*,*\") to .deploy.yml, or stop replacing the default routes")
        }

        let pipeline = try tree.flatMap { tree throws(DeployError) in
            try DeployError.reading("detect the pipeline") { try PipelineDetector.detect(in: tree) }
        }
        let release = try ReleaseContext.load(repository: repository, commit: commit, baseline: baseline, releases: releases,
                                              settings: configuration.release, maxCommits: configuration.inference.maxCommits,
                                              scanned: package == nil ? scannedBump : nil)

        let tag = deployedRef?.tagName ?? RefResolver.sortedTags(tagsAtCommit).first

        warnings += PolicySummary.warnings(for: environment.name, in: configuration)
        var explanation = Explanation(
            environment: environment, environmentSource: environmentSource,
            platform: platform, platformSource: platformSource, platformFiles: platformFiles,
            platformEvidence: detection?.evidence ?? [],
            options: options.sorted(), optionEvidence: evidence,
            routing: routing, pipeline: pipeline,
            commit: commit, branch: branch, tag: tag,
            release: release, scan: scan, warnings: warnings, package: package)
        explanation.policy = PolicySummary(environment: environment.name, configuration: configuration)
        return explanation
    }

    /// Infers options from the commits being deployed (DESIGN §4).
    private static func scanCommits(_ request: DeploymentRequest, commit: ObjectID, environment: String, baseline: ReleaseBaseline,
                                    package: String?, known: Set<DeployOption>, snapshot: RepositorySnapshot) throws(DeployError) -> OptionScanResult {
        let repository = snapshot.repository
        let range: ScanRange
        switch request.range {
        case .resolved(let resolved)?:
            range = resolved
        case .revisions(let text)?:
            range = try ScanRange.parse(text, in: repository)
        case nil:
            let lastDeployed = try snapshot.history.lastSuccessful(environment: environment)?.commit
            range = try DeployError.reading("find the previous release") {
                try ScanRange.since(lastDeployed: lastDeployed, environment: environment, commit: commit, baseline: baseline,
                                    repository: repository)
            }
        }
        let scanner = OptionScanner(settings: snapshot.configuration.inference)
        var result = try DeployError.reading("scan the commits in \(range.description)") {
            // Which commit is found first does not change the options, only the evidence shown, so
            // no sort is paid for: an open range (no earlier tag or deployment) is then read as it
            // is walked, up to the cap, instead of all of history before the first commit.
            try scanner.scan(repository.walk(range.range, order: .incremental),
                             rangeDescription: range.description + (package.map { " touching \($0)/" } ?? ""), known: known, package: package,
                             releaseRules: snapshot.configuration.release.rules)
        }
        result.range = range.range
        return result
    }

    private static func deployedCommit(_ request: DeploymentRequest, head: HeadState,
                                       repository: Repository) throws(DeployError) -> ObjectID? {
        if let commit = request.commit { return commit }
        if let revision = request.revision {
            do {
                return try repository.resolveCommit(revision)
            } catch {
                throw DeployError.badInput("cannot resolve '\(revision)' to a commit: \(error.message)",
                                           hint: "name a branch, tag or commit id that exists in this repository")
            }
        }
        switch head {
        case .branch(_, let commit), .detached(let commit): return commit
        case .unborn: return nil
        }
    }

    private static func chooseEnvironment(
        _ request: DeploymentRequest, candidates: [RefCandidate], head: HeadState, configuration: Configuration
    ) throws(DeployError) -> (EnvironmentDefinition, String, RefMatch?) {
        if let name = request.environment {
            switch configuration.environments.resolve(name) {
            case .success(let definition):
                let how = definition.name == name ? "named on the command line" : "'\(name)' named on the command line (alias)"
                return (definition, how, nil)
            case .failure(let unknown):
                throw DeployError.badInput(unknown.description,
                                           hint: "name a known environment, or define '\(name)' under environments: in .deploy.yml")
            }
        }
        for candidate in candidates {
            guard let match = RefMatch.first(for: candidate.ref, in: configuration.refRules) else { continue }
            guard let definition = configuration.environments.definition(named: match.rule.environment) else {
                throw DeployError.badInput("the ref rule \(match.rule.pattern) (\(match.rule.origin)) names unknown environment '\(match.rule.environment)'",
                                           hint: "define it under environments: in .deploy.yml")
            }
            let how = candidate.foundBy == "current branch" || candidate.foundBy == "pushed ref" ? "" : " (\(candidate.foundBy))"
            return (definition, match.explanation + how, match)
        }
        throw noRoute(candidates: candidates, head: head, configuration: configuration)
    }

    private static func noRoute(candidates: [RefCandidate], head: HeadState, configuration: Configuration) -> DeployError {
        let known = configuration.environments.definitions.map(\.name).joined(separator: ", ")
        let hint = "name the environment: git deploy explain ENV (or --env ENV; known: \(known)), or add a refs: rule for it to .deploy.yml"
        if candidates.isEmpty, case .detached(let commit) = head {
            return DeployError.badInput(
                "no route: HEAD is detached at \(commit.short) and no tag at HEAD or CI variable names a branch or tag", hint: hint)
        }
        let names = candidates.map { "\($0.ref)" }.joined(separator: ", ")
        return DeployError.badInput("no route for \(names): no ref rule matches it", hint: hint)
    }
}
