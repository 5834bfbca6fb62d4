import ArgumentParser
import DeployKit

/// `git deploy install [--force] [--chain]`: puts the pre-push, post-merge and post-rewrite hooks in place.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-push, post-merge and post-rewrite hooks into the hooks directory Git uses.",
        discussion: "A hook that is not git-deploy's is left alone unless --force (replace it) or --chain (keep it as <hook>.local and run it first). Running it again changes nothing.")

    @Flag(help: "Replace existing hooks that are not git-deploy's.") var force = false
    @Flag(help: "Keep existing hooks as <hook>.local and run them before git-deploy's.") var chain = false
    @Flag(help: "In a bare repository that receives pushes: install the pre-receive hook that enforces the default branch's policy.") var server = false

    mutating func validate() throws {
        if force && chain { throw ValidationError("--force and --chain exclude each other: replace the existing hook, or chain it") }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let mode: HookInstaller.Mode = force ? .force : chain ? .chain : .refuseForeign
        for line in try HookInstaller.install(in: snapshot.repository, mode: mode, server: server) { printText(line + "\n") }
    }
}

/// `git deploy uninstall`: removes only git-deploy's hooks and restores chained ones.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove git-deploy's hooks (others are left alone; chained hooks are restored).")

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        for line in try HookInstaller.uninstall(from: snapshot.repository) { printText(line + "\n") }
    }
}
