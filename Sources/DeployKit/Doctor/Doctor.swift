import Foundation
import GitRepository

/// `git deploy doctor`: is this installation and repository set up the way git-deploy expects?
/// Each finding says what to do about it.
public enum Doctor {
    public struct Finding: Sendable {
        public enum Status: String, Sendable { case ok, warn, fail }
        public let status: Status
        public let check: String
        public let detail: String
        /// What to run or change; nil when nothing needs doing.
        public let fix: String?
    }

    /// Checks the binary and libgit2, then (inside a repository) hooks, configuration and notes.
    public static func run(executablePath: String, environment: [String: String]) -> [Finding] {
        var findings = [binaryOnPath(executablePath: executablePath, environment: environment)]
        findings.append(Finding(status: .ok, check: "libgit2", detail: "version \(GitLibrary.version)", fix: nil))

        let repository: Repository
        do {
            repository = try Repository.discover()
        } catch {
            if error.isOwnership, let path = error.path {
                let refusal = RepositorySnapshot.ownershipError(path)
                findings.append(Finding(status: .fail, check: "repository", detail: refusal.message, fix: refusal.hint))
                return findings
            }
            findings.append(Finding(status: .warn, check: "repository", detail: "not inside a Git repository",
                                    fix: "run git deploy doctor inside the repository you deploy from"))
            return findings
        }
        findings.append(configuration(repository))
        findings.append(contentsOf: hooks(repository))
        findings.append(notesRefspec(repository, environment: environment))
        return findings
    }

    static func binaryOnPath(executablePath: String, environment: [String: String]) -> Finding {
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let found = directories.map { $0 + "/git-deploy" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found else {
            return Finding(status: .fail, check: "git-deploy on PATH", detail: "hooks cannot find git-deploy",
                           fix: "run ./install.sh, or add the folder of \(executablePath) to PATH")
        }
        let same = URL(fileURLWithPath: found).resolvingSymlinksInPath().path
            == URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path
        return Finding(status: same ? .ok : .warn, check: "git-deploy on PATH",
                       detail: same ? found : "hooks will run \(found), not this \(executablePath)",
                       fix: same ? nil : "reinstall (./install.sh) so that both are the same version")
    }

    static func configuration(_ repository: Repository) -> Finding {
        do {
            let configuration = try ConfigurationLoader.load(for: repository)
            let source = configuration.sourceFile ?? "embedded defaults (no \(ConfigurationLoader.fileName))"
            return Finding(status: .ok, check: "configuration", detail: "valid: \(source)", fix: nil)
        } catch {
            return Finding(status: .fail, check: "configuration", detail: error.message,
                           fix: error.hint ?? "fix \(ConfigurationLoader.fileName), then run git deploy config")
        }
    }

    static func hooks(_ repository: Repository) -> [Finding] {
        let directory: String
        do {
            directory = try HookInstaller.hooksDirectory(of: repository)
        } catch {
            return [Finding(status: .fail, check: "hooks", detail: error.message, fix: nil)]
        }
        return HookInstaller.hooks.map { name, _ in
            let path = directory + "/" + name
            guard let bytes = FileSystem.readFileIfPresent(path) else {
                return Finding(status: .warn, check: "\(name) hook", detail: "not installed in \(directory): \(unrouted(without: name))",
                               fix: "git deploy install")
            }
            switch HookInstaller.classify(bytes, hook: name) {
            case .current:
                let executable = FileManager.default.isExecutableFile(atPath: path)
                return Finding(status: executable ? .ok : .fail, check: "\(name) hook",
                               detail: executable ? "installed and current: \(path)" : "\(path) is not executable",
                               fix: executable ? nil : "chmod +x '\(path)'")
            case .olderVersion:
                return Finding(status: .warn, check: "\(name) hook", detail: "an older git-deploy hook: \(path)", fix: "git deploy install")
            case .foreign:
                return Finding(status: .warn, check: "\(name) hook", detail: "\(path) belongs to another tool",
                               fix: "git deploy install --chain (keeps it and runs it first)")
            }
        }
    }

    /// What goes unrouted without the hook (a repository installed before post-rewrite existed
    /// lacks only that one).
    static func unrouted(without hook: String) -> String {
        switch hook {
        case "pre-push": "pushes are not routed"
        case "post-merge": "merges and fast-forward pulls are not routed"
        default: "pulls that rebase (pull.rebase=true, git pull --rebase) are not routed"
        }
    }
}
