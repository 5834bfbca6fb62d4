import Foundation

/// A temporary folder for one test, removed when the value is released.
public final class Sandbox: @unchecked Sendable {
    public let root: URL

    public init(_ label: String = "git-deploy-test") throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Resolve symlinks (/tmp may be one) so paths compare equal to what Git reports.
        root = base.resolvingSymlinksInPath()
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    public var path: String { root.path }

    public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Creates a repository with `git init` in `name` (created) and returns it.
    public func repository(_ name: String = "repo", branch: String = "main", bare: Bool = false) throws -> TestRepository {
        let directory = url(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let repository = TestRepository(directory)
        try repository.git(["init", "-q", "-b", branch] + (bare ? ["--bare"] : []))
        return repository
    }
}

/// The result of running a process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var output: String { stdout + stderr }
}

/// Runs processes with a clean, reproducible Git environment (no user config, a fixed identity).
public enum Runner {
    /// The environment every test process gets: no global or system Git config, fixed identities and dates.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("GIT_") || key.hasPrefix("CI") || key.hasPrefix("GITHUB_")
            || key.hasPrefix("BUILDKITE") || key.hasPrefix("CIRCLE") || key.hasPrefix("BITBUCKET_") || key == "NO_COLOR"
            || ["TAG_NAME", "BRANCH_NAME", "BUILD_SOURCEBRANCH"].contains(key) {
            environment.removeValue(forKey: key)
        }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        environment["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z"
        environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z"
        environment["LC_ALL"] = "C"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL,
                           environment: [String: String] = Runner.environment(), stdin: String? = nil) throws -> ProcessResult {
        let result = try runData(executable, arguments, in: directory, environment: environment, stdin: stdin.map { Data($0.utf8) })
        return ProcessResult(status: result.status,
                             stdout: String(decoding: result.stdout, as: UTF8.self),
                             stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// `run` with bytes in and out (object contents are not text). Standard input is written,
    /// and standard error read, on threads of their own, so that no size of input or output
    /// can leave the process and this one waiting on each other.
    public static func runData(_ executable: String, _ arguments: [String], in directory: URL,
                               environment: [String: String] = Runner.environment(),
                               stdin: Data? = nil) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let stderrBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { stderrBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let bytes = stdin ?? Data()
        group.enter()
        DispatchQueue.global().async {
            if !bytes.isEmpty { try? input.fileHandleForWriting.write(contentsOf: bytes) }
            try? input.fileHandleForWriting.close()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, stdoutData, stderrBox.data)
    }
}

/// Holds what a reader thread collected; the DispatchGroup orders the write before the read.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// An error thrown when a fixture-building git command fails.
public struct CommandFailed: Error, CustomStringConvertible {
    public let command: String
    public let result: ProcessResult
    public var description: String { "\(command) exited \(result.status): \(result.stderr)" }

    public init(command: String, result: ProcessResult) {
        self.command = command
        self.result = result
    }
}

extension Sandbox {
    /// A sandbox holding a repository `repo` on `main` with one commit (a README): the usual start.
    public static func withInitialCommit() throws -> (Sandbox, TestRepository) {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        return (sandbox, repo)
    }
}
