#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitRepository

/// `git deploy hook post-rewrite rebase|amend` (issue 18): `git pull --rebase` (or `git rebase`)
/// updates a branch without running post-merge, so this routes the branch as post-merge does,
/// scanning only the commits that arrived from upstream, not the local ones replayed on them.
/// An amend rewrites one local commit and routes nothing. A rebase with nothing local to replay
/// is a fast-forward, for which Git 2.39 runs post-merge and not this hook: each pull routes once.
public enum PostRewriteHook {
    /// One `<old sha> <new sha> [<extra>]` line of what Git feeds the hook (githooks(5)).
    struct Rewrite: Equatable {
        let old: ObjectID
        let new: ObjectID
    }

    public static func run(command: String, environment: [String: String], diagnostics: Diagnostics) -> Int32 {
        do {
            let input = try readInput()
            if let status = try ChainedHook.run(hookPath: environment["GIT_DEPLOY_HOOK_PATH"], arguments: [command], stdin: input),
               status != 0 {
                diagnostics.note("git-deploy: the chained post-rewrite hook failed with status \(status)")
                return status
            }
            guard command == "rebase", environment["GIT_DEPLOY_SKIP"] != "1" else { return 0 }
            let snapshot = try RepositorySnapshot.readForProcess()
            guard let (branch, commit) = try rebasedBranch(snapshot),
                  BranchUpdateRoute.hasRoute(branch, snapshot: snapshot),
                  let arrived = try arrived(at: commit, rewrites: parse(input), repository: snapshot.repository),
                  let plan = try BranchUpdateRoute.plan(branch: branch, commit: commit, arrived: arrived,
                                                        environment: environment, snapshot: snapshot) else { return 0 }
            try BranchUpdateRoute.handOff(plan, snapshot: snapshot, diagnostics: diagnostics)
            return 0
        } catch {
            BranchUpdateRoute.report(error, hook: "post-rewrite", update: "rebase", diagnostics: diagnostics)
            return 0
        }
    }

    /// The branch being rebased and its new tip. The "merge" backend (Git's default) runs the
    /// hook after the branch has moved; the "apply" backend runs it while HEAD is still detached
    /// at the new tip and the branch still at its old tip (ORIG_HEAD), which then names it when
    /// exactly one branch is there.
    static func rebasedBranch(_ snapshot: RepositorySnapshot) throws(DeployError) -> (String, ObjectID)? {
        switch try snapshot.head() {
        case .branch(let name, let commit):
            return (name, commit)
        case .detached(let commit):
            let repository = snapshot.repository
            guard repository.isApplyBackendRebase, let before = try? repository.resolveCommit("ORIG_HEAD"),
                  let branches = try? repository.branches(pointingAt: before), branches.count == 1 else { return nil }
            return (branches[0], commit)
        case .unborn:
            return nil
        }
    }

    /// The commits the rebase brought into the branch: those of the new base ("onto", the first
    /// commit below the tip that the rebase did not write) that none of the rewritten originals
    /// had. Nil when there are none — a rebase of local commits in place (`git rebase -i`)
    /// brings nothing to route.
    static func arrived(at tip: ObjectID, rewrites: [Rewrite], repository: Repository) throws(DeployError) -> ScanRange? {
        let written = Set(rewrites.map(\.new))
        var onto = tip
        do {
            // Each step leaves a commit the rebase wrote, so this ends within `written.count` steps.
            while written.contains(onto), let parent = try repository.commit(onto).parents.first {
                onto = parent
            }
            // `git rebase --root` rewrote every commit down to the root: nothing came from elsewhere.
            if written.contains(onto) { return nil }
            var before = rewrites.map(\.old)
            if before.isEmpty, let orig = try? repository.resolveCommit("ORIG_HEAD") { before = [orig] }
            let range = CommitRange(include: [onto], exclude: Array(Set(before)))
            guard try repository.walk(range, order: .incremental).next() != nil else { return nil }
            let from = (try? repository.resolveCommit("ORIG_HEAD")) ?? before.last
            return ScanRange(range: range, description: "\(from.map { $0.short + ".." } ?? "")\(onto.short) (arrived by rebase)")
        } catch {
            throw DeployError.badInput("cannot read the rebased commits: \(error.message)", cause: error)
        }
    }

    static func parse(_ input: Data) throws(DeployError) -> [Rewrite] {
        var rewrites: [Rewrite] = []
        for (index, line) in String(decoding: input, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count >= 2, let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])) else {
                throw DeployError.badInput("post-rewrite input line \(index + 1) is not '<old sha> <new sha>': '\(Excerpt.quote(line, limit: 120))'",
                                           hint: "git deploy hook post-rewrite is run by Git's post-rewrite hook; run 'git rebase' rather than calling it by hand")
            }
            rewrites.append(Rewrite(old: old, new: new))
        }
        return rewrites
    }

    /// Standard input within `InputLimits.postRewrite*`. Past a cap the rebase has happened all
    /// the same; it is not routed, and a chained hook is not run with a cut-off list.
    static func readInput() throws(DeployError) -> Data {
        let read = try HookInput.read(from: STDIN_FILENO, lineLimit: InputLimits.postRewriteLineBytes,
                                      totalLimit: InputLimits.postRewriteInputBytes) { reason in
            DeployError.badInput("cannot read the post-rewrite input: \(reason)")
        }
        let hint = "run 'git deploy explain' to see the branch's route"
        switch read {
        case .success(let input):
            return input
        case .failure(.lineTooLong(let line)):
            throw DeployError.badInput("post-rewrite input line \(line) is longer than \(InputLimits.postRewriteLineBytes) bytes", hint: hint)
        case .failure(.tooLarge(let lines)):
            throw DeployError.badInput("the post-rewrite input is larger than \(InputLimits.postRewriteInputBytes) bytes (more than \(lines) rewritten commits)",
                                       hint: hint)
        }
    }
}
