import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// Hostile inputs to the deployment policy's machinery (issue 14): environment locks whose files
/// another process wrote. None may make the binary hang, crash or lift a gate.
@Suite("hostile input: environment locks and policy", .tags(.endToEnd))
struct HostilePolicyEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// `git deploy ARGS` under timeout(1): a run that hangs is killed after 30 s (exit 137; SIGKILL, as git-deploy handles SIGTERM)
    /// instead of hanging the test suite.
    func runBounded(_ arguments: [String]) throws -> ProcessResult {
        try Runner.run("/usr/bin/timeout", ["-s", "KILL", "30", GitDeployBinary.path] + arguments, in: repo.directory, environment: Runner.environment())
    }

    @Test("a FIFO in place of an environment's lock file: unlock does not wait for a writer")
    func lockFileIsAFIFO() throws {
        let locks = repo.directory.appendingPathComponent(".git/deploy/locks")
        try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
        #expect(mkfifo(locks.appendingPathComponent("dev").path, 0o644) == 0)
        let result = try runBounded(["unlock", "dev", "--reason", "stuck"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("dev is not locked on this machine"), "\(result.output)")
    }
}
