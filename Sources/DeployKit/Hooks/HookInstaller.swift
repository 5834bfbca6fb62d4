import Foundation
import GitRepository

/// `git deploy install` / `uninstall` (DESIGN §6), in the manner of git-lfs: our hooks are
/// recognised by their content, a foreign hook is never overwritten without being asked, and
/// running either command twice changes nothing the second time.
public enum HookInstaller {
    public enum Mode: Sendable { case refuseForeign, force, chain }

    /// The hooks git-deploy installs, by name.
    public static let hooks: [(name: String, script: String)] = [
        ("pre-push", HookScripts.prePush),
        ("post-merge", HookScripts.postMerge),
        ("post-rewrite", HookScripts.postRewrite),
    ]

    /// The hook `git deploy install --server` puts into a bare repository pushes land in.
    public static let serverHooks: [(name: String, script: String)] = [("pre-receive", HookScripts.preReceive)]

    /// The directory Git runs hooks from: `core.hooksPath` (relative to the work-tree root, or to
    /// the Git directory in a bare repository, as Git resolves it), else the common directory's
    /// `hooks/`, which linked worktrees share.
    public static func hooksDirectory(of repository: Repository) throws(DeployError) -> String {
        let configured: String?
        do {
            configured = try repository.configString("core.hooksPath")
        } catch {
            throw DeployError.badInput("cannot read core.hooksPath: \(error.message)")
        }
        if var path = configured, !path.isEmpty {
            if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
                path = home + path.dropFirst()
            }
            if path.hasPrefix("/") { return path }
            let base = repository.workTreeRoot ?? repository.gitDirectory
            return (base as NSString).appendingPathComponent(path)
        }
        return repository.commonDirectory + "/hooks"
    }

    /// Installs the hooks and returns one line per hook saying what happened.
    public static func install(in repository: Repository, mode: Mode, server: Bool = false) throws(DeployError) -> [String] {
        if server && !repository.isBare {
            throw DeployError.badInput("install --server is for the bare repository pushes land in; \(repository.gitDirectory) has a work tree",
                                       hint: "run it in the server's bare repository (git init --bare), or use git deploy install here for the client hooks")
        }
        let hooks = server ? Self.serverHooks : Self.hooks
        let directory = try hooksDirectory(of: repository)
        // Refuse before touching anything, so a failed install leaves no half-installed state.
        if mode == .refuseForeign {
            if let manager = HookManager.owning(hooksDirectory: directory) {
                throw DeployError.badInput("\(directory) is managed by \(manager.name), which rewrites it",
                                           hint: manager.chainingHint + "; or write into it anyway with 'git deploy install --force'")
            }
            for (name, _) in hooks {
                let path = directory + "/" + name
                if let bytes = FileSystem.readFileIfPresent(path), classify(bytes, hook: name) == .foreign {
                    let manager = HookManager.owning(hookText: String(decoding: bytes, as: UTF8.self))
                    throw DeployError.badInput(
                        "\(path) already exists and is not git-deploy's hook" + (manager.map { " (it runs \($0.name))" } ?? ""),
                        hint: (manager.map { $0.chainingHint + "; or " } ?? "")
                            + "keep it and run it first with 'git deploy install --chain', or replace it with 'git deploy install --force'")
                }
            }
        }
        try FileSystem.createDirectory(directory)
        var report: [String] = []
        for (name, script) in hooks {
            let path = directory + "/" + name
            switch FileSystem.readFileIfPresent(path).map({ classify($0, hook: name) }) {
            case nil:
                try writeHook(script, to: path)
                report.append("installed \(path)")
            case .current?:
                report.append("up to date \(path)")
            case .olderVersion?:
                try writeHook(script, to: path)
                report.append("upgraded \(path)")
            case .foreign?:
                if mode == .chain {
                    let local = path + ".local"
                    if FileSystem.fileExists(local) {
                        throw DeployError.badInput("\(local) already exists, so \(path) cannot be chained as it",
                                                   hint: "merge the two hooks by hand, or use --force to replace \(path)")
                    }
                    try FileSystem.move(path, to: local)
                    try writeHook(script, to: path)
                    report.append("installed \(path); the existing hook now runs first as \(local)")
                } else {
                    try writeHook(script, to: path)
                    report.append("replaced \(path) (--force)")
                }
            }
        }
        // A server has no work tree to keep the hand-off out of.
        if !server, let note = try HandoffExclusion.ensure(in: repository) { report.append(note) }
        return report
    }

    /// Removes only our hooks, restoring a chained `<hook>.local`.
    public static func uninstall(from repository: Repository) throws(DeployError) -> [String] {
        let directory = try hooksDirectory(of: repository)
        var report: [String] = []
        for (name, _) in hooks + serverHooks {
            let path = directory + "/" + name
            guard let bytes = FileSystem.readFileIfPresent(path) else { continue }
            guard classify(bytes, hook: name) != .foreign else {
                report.append("left \(path) alone: it is not git-deploy's hook")
                continue
            }
            try FileSystem.remove(path)
            let local = path + ".local"
            if FileSystem.fileExists(local) {
                try FileSystem.move(local, to: path)
                report.append("removed git-deploy's \(name) and restored the chained hook \(path)")
            } else {
                report.append("removed \(path)")
            }
        }
        if let note = try HandoffExclusion.remove(from: repository) { report.append(note) }
        return report
    }

    enum Kind: Equatable { case current, olderVersion, foreign }

    /// Ours when it is exactly today's script, or a short `/bin/sh` script that execs our hook
    /// entry point (an earlier version of it); anything else belongs to someone else.
    static func classify(_ bytes: [UInt8], hook: String) -> Kind {
        let text = String(decoding: bytes, as: UTF8.self)
        if let script = (hooks + serverHooks).first(where: { $0.name == hook })?.script, text == script { return .current }
        let lines = text.split(separator: "\n")
        let execsUs = lines.contains { $0.contains("exec git-deploy hook \(hook)") }
        return lines.first == "#!/bin/sh" && lines.count <= 12 && execsUs ? .olderVersion : .foreign
    }

    private static func writeHook(_ script: String, to path: String) throws(DeployError) {
        try AtomicFile.write(script, to: path, mode: 0o755)
    }
}
