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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw DeployError.badInput("cannot run \(executable): \(error.localizedDescription)")
        }
        // Drain stderr on another thread so neither pipe can fill up and stall git.
        let stderrData = DataCollector()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData.data, as: UTF8.self))
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

/// Written by one thread, read after DispatchGroup.wait() by another.
private final class DataCollector: @unchecked Sendable {
    var data = Data()
}
