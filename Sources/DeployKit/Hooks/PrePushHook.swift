import DeployCore
import Foundation
import GitRepository

/// `git deploy hook pre-push REMOTE URL` (DESIGN §6): routes every pushed branch and tag by its
/// remote ref name, blocks a push whose high-safety deployment fails a check, and leaves
/// `.deployment_config` describing the most sensitive deployment of the push.
public enum PrePushHook {
    /// What one routed ref came to.
    struct RoutedRef {
        let pushed: PushedRef
        let plan: DeploymentPlan
        var explanation: Explanation { plan.explanation }
        /// The environment's gates, then the target's validation.
        var checks: [GateResult] { plan.plannedChecks ?? [] }
        var failures: [GateResult] { checks.failures }
    }

    /// Runs the hook on what Git feeds it on standard input and returns its exit status;
    /// everything it says goes to `diagnostics`.
    public static func run(remote: String, url: String, environment: [String: String], diagnostics: Diagnostics) -> Int32 {
        let input: Data
        do {
            input = try PrePushInput.read()
        } catch {
            diagnostics.error(error)
            return error.exitCode
        }
        return run(remote: remote, url: url, input: input, hookPath: environment["GIT_DEPLOY_HOOK_PATH"],
                   environment: environment, log: diagnostics)
    }

    static func run(remote: String, url: String, input: Data, hookPath: String?,
                    environment: [String: String], log diagnostics: Diagnostics) -> Int32 {
        let log = diagnostics.note
        do {
            if let status = try ChainedHook.run(hookPath: hookPath, arguments: [remote, url], stdin: input), status != 0 {
                log("git-deploy: the chained pre-push hook (\(hookPath ?? "").local) failed with status \(status); push stopped")
                return status
            }
        } catch {
            diagnostics.emit(.error, error.message)
            return error.exitCode
        }
        if environment["GIT_DEPLOY_SKIP"] == "1" { return 0 }

        let refs: [PushedRef]
        do {
            refs = try PushedRef.parse(String(decoding: input, as: UTF8.self))
        } catch {
            diagnostics.emit(.error, error.message)
            return error.exitCode
        }
        let candidates = refs.compactMap { pushed -> (PushedRef, DeployRef)? in
            guard !pushed.isDeletion, let ref = DeployRef(fullName: pushed.remoteRef) else { return nil }
            return (pushed, ref)
        }
        // Most pushes route nothing (feature branches): decide that from the work tree's
        // .deploy.yml alone, before libgit2 is even initialised.
        let quickConfiguration = try? ConfigurationLoader.loadFromHookWorkingDirectory()
        if let configuration = quickConfiguration ?? nil,
           !candidates.contains(where: { RefMatch.first(for: $0.1, in: configuration.refRules) != nil }) {
            return 0
        }
        guard !candidates.isEmpty else { return 0 }

        do {
            var repository: Repository?
            var configuration = quickConfiguration ?? nil
            if configuration == nil {
                // A linked worktree or a bare repository: the repository must be opened to read the
                // .deploy.yml that routes, but the default branch's policy is read only for a push that routes.
                let opened = try RepositorySnapshot.openRepository()
                let deployed = try ConfigurationLoader.load(for: opened)
                if !candidates.contains(where: { RefMatch.first(for: $0.1, in: deployed.refRules) != nil }) { return 0 }
                (repository, configuration) = (opened, deployed)
            }
            let snapshot = try RepositorySnapshot.readForProcess(repository: repository, configuration: configuration)
            let routed = try route(candidates, remote: remote, snapshot: snapshot, environment: environment)
            return try finish(routed, snapshot: snapshot, log: log)
        } catch {
            return failSafe(error, candidates: candidates, configuration: quickConfiguration ?? nil, diagnostics: diagnostics)
        }
    }

    static func route(_ candidates: [(PushedRef, DeployRef)], remote: String, snapshot: RepositorySnapshot,
                      environment: [String: String]) throws(DeployError) -> [RoutedRef] {
        var routed: [RoutedRef] = []
        let repository = snapshot.repository
        for (pushed, ref) in candidates where RefMatch.first(for: ref, in: snapshot.configuration.refRules) != nil {
            // An annotated tag pushes the tag object's id: the deployment is of the commit it tags.
            let commit = try peel(pushed.localID, ref: pushed.localRef, repository: repository)
            // A release tag deploys the release: previous release..tag, whatever the remote
            // already has (its commits were pushed on a branch before the tag), so a prod
            // hand-off carries the release's migration and its backup. The planner picks that range.
            let range: DeploymentRequest.RangeSpec? = ScanRange.isReleaseTag(ref, packages: snapshot.configuration.packages)
                ? nil : .resolved(try pushRange(pushed, commit: commit, remote: remote, repository: repository))
            let request = DeploymentRequest(ref: ref, commit: commit, environmentVariables: environment,
                                            range: range, checks: .hook())
            routed.append(RoutedRef(pushed: pushed, plan: try Planner.plan(request, in: snapshot)))
        }
        return routed
    }

    /// `remote_sha..local_sha`; for a new ref, the pushed commits that no `refs/remotes/<remote>/*`
    /// already has (DESIGN §4).
    static func pushRange(_ pushed: PushedRef, commit: ObjectID, remote: String, repository: Repository) throws(DeployError) -> ScanRange {
        // The remote's old tip may be a tag object too, or one we never fetched (then nothing is hidden).
        if !pushed.isNew {
            let old = (try? repository.resolveCommit(pushed.remoteID.hex)) ?? pushed.remoteID
            return ScanRange(range: .between(old, commit),
                             description: "\(old.short)..\(commit.short) (pushed to \(remote))")
        }
        let known: [ObjectID]
        do {
            known = try repository.referenceTargets(matching: "refs/remotes/\(remote)/*")
        } catch {
            throw DeployError.badInput("cannot list refs/remotes/\(remote)/*: \(error.message)", cause: error)
        }
        return ScanRange(range: CommitRange(include: [commit], exclude: known),
                         description: "\(commit.short) (new on \(remote): commits no refs/remotes/\(remote)/* has)")
    }

    static func peel(_ id: ObjectID, ref: String, repository: Repository) throws(DeployError) -> ObjectID {
        do {
            return try repository.resolveCommit(id.hex)
        } catch {
            throw DeployError.badInput("\(ref) (\(id.short)) does not lead to a commit: \(error.message)",
                                       hint: "only branches and tags of commits are routed")
        }
    }

    static func finish(_ routed: [RoutedRef], snapshot: RepositorySnapshot, log: (String) -> Void) throws(DeployError) -> Int32 {
        guard !routed.isEmpty else { return 0 }
        for ref in routed {
            let e = ref.explanation
            let rule = e.decision.map { "rule \($0.rule) \($0.trace.last?.pattern ?? "")" } ?? ""
            log("git-deploy: \(ref.pushed.remoteRef) → \(e.environment.name) (safety \(e.environment.safety.rawValue)) via \(e.target?.rawValue ?? "-") [\(rule)]")
            // What explain would warn about (a shallow history, a capped scan) applies to the push too.
            for warning in e.warnings {
                log("  warning: \(warning)")
            }
            for check in ref.checks where check.status != .pass {
                log("  \(check.status.rawValue): \(check.gate.rawValue): \(check.reason)")
            }
        }
        // The most sensitive deployment of the push is the one the hand-off describes (ties: first line).
        let described = routed.enumerated().max { a, b in
            a.element.explanation.environment.safety < b.element.explanation.environment.safety
                || (a.element.explanation.environment.safety == b.element.explanation.environment.safety && a.offset > b.offset)
        }?.element
        let blocking = routed.filter { $0.explanation.environment.safety == .high && !$0.failures.isEmpty }
        // A blocked push pushes nothing: the hand-off then describes a ref that blocked it, never another's go.
        if let described = blocking.first ?? described {
            let handoff = described.plan.handoff(checkedBy: described.plan.plannedChecks)
            let path = try DeploymentConfigFile.write(handoff, in: snapshot.repository)
            log("git-deploy: wrote \(path) for \(described.pushed.remoteRef)")
            if let blocked = handoff.verdict.blockedLine { log("git-deploy: \(blocked)") }
        }
        if !blocking.isEmpty {
            for ref in blocking {
                log("git-deploy: push blocked: \(ref.pushed.remoteRef) deploys to \(ref.explanation.environment.name) (safety high) and failed: "
                    + ref.failures.map(\.reason).joined(separator: "; "))
            }
            log("git-deploy: fix the above, or skip this check once with GIT_DEPLOY_SKIP=1 git push (or git push --no-verify)")
            return DeployError(.blocked, "").exitCode
        }
        return 0
    }

    /// An error of ours never blocks a push to a non-high environment; to a high one it does,
    /// since nothing could be checked.
    static func failSafe(_ error: DeployError, candidates: [(PushedRef, DeployRef)], configuration: Configuration?,
                         diagnostics: Diagnostics) -> Int32 {
        let log = diagnostics.note
        let rules = configuration ?? .defaults
        let high = candidates.contains { _, ref in
            guard let match = RefMatch.first(for: ref, in: rules.refRules) else { return false }
            return rules.environments.definition(named: match.rule.environment)?.safety == .high
        }
        diagnostics.error(error)
        if high {
            log("git-deploy: push blocked: it deploys to a high-safety environment and could not be checked")
            PrePushHook.withdrawHandoff(log: log)
            return error.exitCode
        }
        log("git-deploy: the push continues (no high-safety environment is involved)")
        return 0
    }
}
