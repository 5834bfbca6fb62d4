import Foundation
import GitRepository

/// A throwaway repository in a temporary folder, built with the real `git`.
final class TestRepo {
    /// The work tree (or the git directory when bare), with symlinks resolved as libgit2 reports it.
    let path: String
    private let scratch: String
    private var tick = 0

    /// A fresh repository on branch `main`.
    init(bare: Bool = false) throws {
        scratch = try TestRepo.makeTemporaryDirectory()
        path = scratch + "/repo"
        try TestRepo.run(["-c", "init.defaultBranch=main", "init", "-q"] + (bare ? ["--bare"] : []) + [path], in: scratch)
    }

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    /// A path next to the repository, e.g. for a linked worktree or a clone.
    func sibling(_ name: String) -> String { scratch + "/" + name }

    /// Runs `git` in the repository and returns its trimmed stdout.
    @discardableResult
    func git(_ args: String...) throws -> String { try git(args) }

    @discardableResult
    func git(_ args: [String]) throws -> String {
        tick += 1
        return try TestRepo.run(args, in: path, time: tick)
    }

    /// Runs a shell command in the repository (for bytes a Swift `String` cannot carry).
    func shell(_ script: String) throws {
        _ = try TestRepo.run(["-c", script], in: path, executable: "sh")
    }

    /// Writes `files`, removes `deleting`, and commits everything; returns the new commit's id.
    @discardableResult
    func commit(files: [String: String] = [:], deleting: [String] = [], message: String) throws -> ObjectID {
        for (file, content) in files { try write(file, content) }
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
        let url = URL(fileURLWithPath: path).appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

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

    /// Runs git (or another tool) with a fixed identity and clock, and none of the caller's GIT_* variables,
    /// so tests behave the same on a machine without a git identity or inside a hook.
    @discardableResult
    static func run(_ args: [String], in directory: String, time: Int = 0, executable: String = "git") throws -> String {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        let date = "\(1_700_000_000 + time * 60) +0000"
        environment["GIT_AUTHOR_NAME"] = "Ada Tester"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada Tester"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure("\(executable) \(args.joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
