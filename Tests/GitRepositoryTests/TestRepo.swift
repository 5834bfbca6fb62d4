import Foundation
import GitRepository
import TestSupport

/// The shared fixture helper (TestSupport's Sandbox and TestRepository) as the wrapper's tests
/// use it: ids as `ObjectID`, output trimmed, and a clock that moves a minute per git command,
/// so commit times are distinct and time-ordered walks are deterministic.
final class TestRepo {
    private let sandbox: Sandbox
    private let repository: TestRepository
    private var tick = 0

    /// The work tree (or the git directory when bare), with symlinks resolved as libgit2 reports it.
    var path: String { repository.path }

    /// A fresh repository on branch `main`.
    init(bare: Bool = false) throws {
        sandbox = try Sandbox("git-repository-tests")
        repository = try sandbox.repository("repo", bare: bare)
    }

    /// A path next to the repository, e.g. for a linked worktree or a clone.
    func sibling(_ name: String) -> String { sandbox.url(name).path }

    /// Runs `git` in the repository and returns its trimmed standard output.
    @discardableResult
    func git(_ args: String...) throws -> String { try git(args) }

    @discardableResult
    func git(_ args: [String]) throws -> String {
        tick += 1
        return try repository.git(args, environment: TestRepo.clock(tick)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a shell command in the repository (for bytes a Swift `String` cannot carry).
    func shell(_ script: String) throws {
        let result = try Runner.run("/bin/sh", ["-c", script], in: repository.directory)
        guard result.status == 0 else { throw CommandFailed(command: "sh -c \(script)", result: result) }
    }

    /// Writes `files`, removes `deleting`, and commits everything; returns the new commit's id.
    @discardableResult
    func commit(files: [String: String] = [:], deleting: [String] = [], message: String) throws -> ObjectID {
        try repository.write(files)
        for file in deleting { try git("rm", "-q", "-r", file) }
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try rev("HEAD")
    }

    /// `git rev-parse <revision>` as an id.
    func rev(_ revision: String) throws -> ObjectID {
        let output = try git("rev-parse", "--verify", "-q", revision)
        guard let id = ObjectID(hex: output) else { throw Failure("not an id: \(output)") }
        return id
    }

    /// `git rev-list <args>` as ids, in git's order.
    func revList(_ args: String...) throws -> [ObjectID] {
        try git(["rev-list"] + args).split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
    }

    func write(_ file: String, _ content: String) throws {
        try repository.write([file: content])
    }

    /// A new folder outside any repository, left for the test to use.
    static func makeTemporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("git-repository-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // libgit2 reports real paths; /tmp can be a symlink (macOS).
        return url.resolvingSymlinksInPath().path
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs git in another folder (a clone) with the shared clean environment; trimmed output.
    @discardableResult
    static func run(_ args: [String], in directory: String) throws -> String {
        let result = try Runner.run(TestRepository.gitExecutable, args, in: URL(fileURLWithPath: directory))
        guard result.status == 0 else { throw CommandFailed(command: "git " + args.joined(separator: " "), result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func clock(_ tick: Int) -> [String: String] {
        let date = "\(1_700_000_000 + tick * 60) +0000"
        return ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                "GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.com",
                "GIT_COMMITTER_NAME": "Ada Tester", "GIT_COMMITTER_EMAIL": "ada@example.com"]
    }
}
