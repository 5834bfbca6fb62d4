import Foundation

/// Runs the user's own `git` for the one thing libgit2 should not do for us: talking to remotes
/// (`history --fetch/--push`), so credential helpers, SSH configuration and URL rewrites apply
/// exactly as for `git fetch`. Always an argv, never a shell.
struct GitCommand {
    /// Where git runs: the work tree root, or the git directory of a bare repository.
    let directory: String

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String]) throws(DeployError) -> Result {
        guard let executable = GitCommand.executable() else {
            throw DeployError.badInput("git is not on PATH; it is needed to talk to remotes", hint: "install Git, or add it to PATH")
        }
        do {
            let captured = try ProcessRunner.capture([executable] + arguments, in: directory)
            return Result(status: captured.status, stdout: captured.stdout, stderr: captured.stderr)
        } catch {
            throw DeployError.badInput("cannot run \(executable): \(error.reason)", cause: error)
        }
    }

    private static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
