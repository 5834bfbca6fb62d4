import Foundation

/// A real repository in a temporary folder, driven with the `git` CLI: the one helper for
/// "make a repo with these commits".
public struct TestRepository: Sendable {
    public let directory: URL
    public var path: String { directory.path }

    public init(_ directory: URL) {
        self.directory = directory
    }

    public static let gitExecutable: String = {
        for candidate in ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "/usr/bin/git"
    }()

    /// Runs git and fails the test setup when it fails.
    @discardableResult
    public func git(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> String {
        let result = try Runner.run(Self.gitExecutable, arguments, in: directory,
                                    environment: Runner.environment(environment), stdin: stdin)
        guard result.status == 0 else {
            throw CommandFailed(command: "git " + arguments.joined(separator: " "), result: result)
        }
        return result.stdout
    }

    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    /// Runs git and returns the result whatever the exit status.
    public func tryGit(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> ProcessResult {
        try Runner.run(Self.gitExecutable, arguments, in: directory, environment: Runner.environment(environment), stdin: stdin)
    }

    /// Writes files (creating folders) relative to the work tree.
    public func write(_ files: [String: String]) throws {
        for (relative, content) in files {
            let url = directory.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    }

    /// Writes the files, stages everything and commits; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, files: [String: String] = [:]) throws -> String {
        try write(files.isEmpty ? ["file-\(UUID().uuidString.prefix(6)).txt": message] : files)
        try git("add", "-A")
        try git(["commit", "-q", "--allow-empty", "-m", message])
        return try head()
    }

    public func head() throws -> String {
        try revParse("HEAD")
    }

    public func revParse(_ revision: String) throws -> String {
        try git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func read(_ relative: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(relative).path)
    }
}
