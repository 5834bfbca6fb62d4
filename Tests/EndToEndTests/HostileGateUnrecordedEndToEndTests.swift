import Foundation
import Testing
import TestSupport

/// A deployment that ran but could not be recorded (issue 11, item 11) exits 6, not 2 ("bad
/// input" reads as "did not deploy" to CI), says what ran and why it is not in the history, and
/// prints the `git deploy record` command that records it once the cause is fixed.
@Suite("hostile state: a deployment whose record cannot be written", .tags(.endToEnd))
struct HostileGateUnrecordedEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("chore: handler", files: [".deploy.yml": "targets:\n  direct-deployment:\n    run: [\"true\"]\n"])
    }

    /// `.git/refs/notes/deployments.lock`, two hours old: left by a killed process.
    func plantStaleLock() throws -> URL {
        let lock = repo.directory.appendingPathComponent(".git/refs/notes/deployments.lock")
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: lock)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: lock.path)
        return lock
    }

    @Test("a stale notes lock: exit 6 naming the run, the lock and the record command; that command then records it")
    func staleLockExitsSixAndPrintsTheRecordCommand() throws {
        let first = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(first.status == 0, "\(first.output)")
        let lock = try plantStaleLock()

        let result = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(result.status == 6, "\(result.output)")
        let head = try repo.head()
        let error = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("error: ") }.map(String.init), "\(result.stderr)")
        #expect(error.contains(" ran (dev, commit \(head.prefix(7)), handler succeeded, status succeeded) but could not be recorded: "), "\(error)")
        #expect(error.contains("deployments.lock is a stale lock"), "\(error)")
        #expect(result.stderr.contains("hint: if no git or git-deploy process is running in this repository, remove it: rm "), "\(result.stderr)")
        let marker = "once that is fixed, record it with: "
        let command = String(try #require(error.range(of: marker).map { error[$0.upperBound...] }))
        #expect(command.hasPrefix("git deploy record dev --status succeeded --commit \(head) --id deploy-"), "\(command)")
        let id = try #require(command.split(separator: " ").drop { $0 != "--id" }.dropFirst().first.map(String.init))
        #expect(try history().contains { $0["id"] as? String == id } == false)

        // The fix the hint names, then the printed command, run by a shell as a person would paste it.
        try FileManager.default.removeItem(at: lock)
        let recorded = try Runner.run("/bin/sh", ["-c", command], in: repo.directory,
                                      environment: Runner.environment(GitDeployBinary.hookEnvironment))
        #expect(recorded.status == 0, "\(recorded.output)")
        let entry = try #require(try history().first { $0["id"] as? String == id })
        #expect(entry["status"] as? String == "succeeded")
        #expect(entry["environment"] as? String == "dev")
        #expect(entry["commit"] as? String == head)
        #expect(entry["target"] as? String == "direct-deployment")
        // Running it again updates the same entry rather than adding a second one.
        #expect(try Runner.run("/bin/sh", ["-c", command], in: repo.directory,
                               environment: Runner.environment(GitDeployBinary.hookEnvironment)).status == 0)
        #expect(try history().filter { $0["id"] as? String == id }.count == 1)
    }

    @Test("--format json: exit_code 6 and the error with the record command")
    func staleLockJSON() throws {
        #expect(try GitDeployBinary.run(["dev", "--yes"], in: repo.directory).status == 0)
        _ = try plantStaleLock()
        let result = try GitDeployBinary.run(["dev", "--yes", "--format", "json"], in: repo.directory)
        #expect(result.status == 6, "\(result.output)")
        let json = try GitDeployBinary.json(result)
        #expect(json["exit_code"] as? Int == 6)
        #expect(json["status"] as? String == "succeeded")
        #expect((json["error"] as? String)?.contains("record it with: git deploy record dev --status succeeded") == true, "\(json)")
    }

    func history() throws -> [[String: Any]] {
        let result = try GitDeployBinary.run(["history", "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }
}
