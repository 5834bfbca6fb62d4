import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// Hostile inputs to the safety net's own files (issue 17): `status --watch` reads
/// `.git/deploy/monitor/<id>.progress.json`, whose name comes from a history entry anyone who can
/// push `refs/notes/deployments` writes, and whose content another process writes. Neither may
/// make the binary hang, read outside its directory, or print what it should not have read.
@Suite("hostile input: the monitoring window's files", .tags(.endToEnd))
struct HostileSafetyNetEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// A history entry on HEAD whose monitoring window is still `detached` (so `--watch` follows it).
    func addWatchedEntry(id: String) throws {
        let entry: [String: Any] = [
            "schema": 1, "id": id, "environment": "dev", "commit": try repo.head(), "status": "succeeded",
            "timestamp": "2026-01-01T00:00:00.000Z",
            "monitor": ["outcome": "detached", "mode": "detach", "duration_seconds": 60, "interval_seconds": 1] as [String: Any],
        ]
        let note = String(decoding: try JSONSerialization.data(withJSONObject: [entry]), as: UTF8.self)
        try repo.git("notes", "--ref", "deployments", "add", "-f", "-m", note, "HEAD")
    }

    /// A progress file as the window writes it, reporting a failing probe named `secret`.
    func progressJSON(failing secret: String) -> String {
        #"{"id":"x","pid":0,"outcome":"detached","progress":{"elapsed_seconds":1,"duration_seconds":60,"rounds":1,"passing":0,"total":1,"failing":[""#
            + secret + #""]}}"#
    }

    var monitorDirectory: URL { repo.directory.appendingPathComponent(".git/deploy/monitor") }

    /// `git deploy ARGS` under timeout(1): a run that hangs is killed after 30 s (exit 137; SIGKILL, as git-deploy handles SIGTERM)
    /// instead of hanging the test suite.
    func runBounded(_ arguments: [String]) throws -> ProcessResult {
        try Runner.run("/usr/bin/timeout", ["-s", "KILL", "30", GitDeployBinary.path] + arguments, in: repo.directory, environment: Runner.environment())
    }

    @Test("a FIFO in place of the progress file: status --watch does not wait for a writer; no live monitor, exit 1")
    func progressFileIsAFIFO() throws {
        let id = "deploy-20260101-000000-abcdef0-0001"
        try addWatchedEntry(id: id)
        try FileManager.default.createDirectory(at: monitorDirectory, withIntermediateDirectories: true)
        #expect(mkfifo(monitorDirectory.appendingPathComponent("\(id).progress.json").path, 0o644) == 0)
        let result = try runBounded(["status", "--watch"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("the monitor of \(id) is not running without recording an outcome"), "\(result.output)")
    }

    @Test("a symlink in place of the progress file is not followed: what it points at is not printed")
    func progressFileIsASymlink() throws {
        let id = "deploy-20260101-000000-abcdef0-0002"
        try addWatchedEntry(id: id)
        let outside = sandbox.url("outside.json")
        try Data(progressJSON(failing: "OUTSIDE-FILE-CONTENT").utf8).write(to: outside)
        try FileManager.default.createDirectory(at: monitorDirectory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: monitorDirectory.appendingPathComponent("\(id).progress.json").path,
                                                   withDestinationPath: outside.path)
        let result = try runBounded(["status", "--watch"])
        #expect(result.status == 1, "\(result.output)")
        #expect(!result.output.contains("OUTSIDE-FILE-CONTENT"), "\(result.output)")
    }

    @Test("a history entry whose id walks out of .git/deploy/monitor is refused (exit 2); nothing outside is read")
    func entryIDWalksOut() throws {
        // .git/deploy/monitor/../../../../outside → the sandbox folder above the repository.
        let id = "../../../../outside"
        try addWatchedEntry(id: id)
        try Data(progressJSON(failing: "OUTSIDE-FILE-CONTENT").utf8).write(to: sandbox.url("outside.progress.json"))
        let result = try runBounded(["status", "--watch"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("cannot name git-deploy's monitor files"), "\(result.output)")
        #expect(!result.output.contains("OUTSIDE-FILE-CONTENT"), "\(result.output)")
    }
}
