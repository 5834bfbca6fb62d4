import Foundation
import GitRepository

/// `git deploy hook post-merge SQUASH` (DESIGN §6): after a merge or `git pull` (a merge, or a
/// fast-forward — also `git pull --rebase` with nothing local to replay), routes the current
/// branch with the options of the merged commits (`ORIG_HEAD..HEAD`) and refreshes
/// `.deployment_config` (ready or blocked, as the gates say). Where the environment's
/// `auto-dispatch` asks for it, it deploys as `git deploy ENV` would instead (AutoDispatchRun).
public enum PostMergeHook {
    /// Runs the hook and returns its exit status. A merge has already happened: an error of ours
    /// never fails it (`BranchUpdateRoute.report`); only a failing chained hook does.
    public static func run(squash: Bool, environment: [String: String], diagnostics: Diagnostics) -> Int32 {
        do {
            if let status = try ChainedHook.run(hookPath: environment["GIT_DEPLOY_HOOK_PATH"], arguments: [squash ? "1" : "0"],
                                                stdin: Data()), status != 0 {
                diagnostics.note("git-deploy: the chained post-merge hook failed with status \(status)")
                return status
            }
            if environment["GIT_DEPLOY_SKIP"] == "1" { return 0 }
            let snapshot = try RepositorySnapshot.readForProcess()
            guard case .branch(let branch, let commit) = try snapshot.head(),
                  BranchUpdateRoute.hasRoute(branch, snapshot: snapshot) else { return 0 }
            if squash {
                // `git merge --squash` runs this hook before any commit exists: HEAD is still the
                // commit from before, and routing it would describe the wrong commit.
                diagnostics.note("git-deploy: \(branch): a squash merge is staged, not committed: not routed yet; once you run 'git commit', 'git deploy explain' shows the squashed commit's route and 'git push' routes it")
                return 0
            }
            let plan = try BranchUpdateRoute.plan(branch: branch, commit: commit, arrived: merged(into: commit, snapshot: snapshot),
                                                  environment: environment, snapshot: snapshot)
            if let plan { try BranchUpdateRoute.handOff(plan, snapshot: snapshot, diagnostics: diagnostics) }
            return 0
        } catch {
            BranchUpdateRoute.report(error, hook: "post-merge", update: "merge", diagnostics: diagnostics)
            return 0
        }
    }

    /// `ORIG_HEAD..HEAD`: ORIG_HEAD is where the branch was before the merge.
    static func merged(into commit: ObjectID, snapshot: RepositorySnapshot) -> ScanRange? {
        guard let before = try? snapshot.repository.resolveCommit("ORIG_HEAD"), before != commit else { return nil }
        return ScanRange(range: .between(before, commit), description: "\(before.short)..\(commit.short) (merged)")
    }
}
