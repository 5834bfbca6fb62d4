/// Hook managers that own the hooks directory or the hook files: writing git-deploy's hooks there
/// would be undone by their next install, so `git deploy install` says how to add git-deploy to
/// the manager's own configuration instead.
public struct HookManager: Sendable, Equatable {
    public let name: String
    public let chainingHint: String

    static let husky = HookManager(
        name: "husky",
        chainingHint: "add the line 'git-deploy hook pre-push \"$@\"' to .husky/pre-push, 'git-deploy hook post-merge \"$@\"' "
            + "to .husky/post-merge and 'git-deploy hook post-rewrite \"$@\"' to .husky/post-rewrite (husky passes Git's arguments and input on)")
    static let lefthook = HookManager(
        name: "lefthook",
        chainingHint: "add git-deploy to lefthook.yml (pre-push: commands: git-deploy: run: git-deploy hook pre-push {1} {2}, "
            + "use_stdin: true; post-merge: commands: git-deploy: run: git-deploy hook post-merge {1}; post-rewrite: commands: "
            + "git-deploy: run: git-deploy hook post-rewrite {1}, use_stdin: true) and run 'lefthook install' "
            + "(examples/lefthook/lefthook.yml has it)")

    /// husky points `core.hooksPath` at `.husky/_` (v9) or `.husky` (v4 to v8) and regenerates it.
    static func owning(hooksDirectory: String) -> HookManager? {
        hooksDirectory.split(separator: "/").contains(".husky") ? .husky : nil
    }

    /// A hook file written by a manager names it (lefthook's scripts run `lefthook`, husky's source `husky.sh` or `.husky`).
    static func owning(hookText text: String) -> HookManager? {
        if text.contains("lefthook") { return .lefthook }
        if text.contains("husky") { return .husky }
        return nil
    }
}
