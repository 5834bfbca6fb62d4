import Foundation
import Testing
import TestSupport

/// `git deploy doctor` advises about the `+refs/notes/deployments` fetch refspec as README
/// "History" does (issue 14, item 9): it replaces the history where deployments are recorded,
/// is right where the history is only read, and without '+' makes git fetch fail.
@Suite("policy: doctor's advice on the notes fetch refspec follows the README, end to end", .tags(.endToEnd))
struct PolicyDoctorRefspecEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        _ = try sandbox.repository("remote.git", bare: true)
        try repo.git("remote", "add", "origin", sandbox.url("remote.git").path)
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
    }

    func doctor(_ environment: [String: String] = [:]) throws -> String {
        let result = try GitDeployBinary.run(["doctor"], in: repo.directory,
                                             environment: GitDeployBinary.hookEnvironment.merging(environment) { $1 })
        #expect(result.status == 0, "\(result.output)")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.contains("deployment history sharing") }.prefix(2).joined(separator: "\n")
    }

    @Test("no refspec: ok; it says to share with history --fetch/--push and never tells a recording machine to add the refspec")
    func noRefspec() throws {
        let advice = try doctor()
        #expect(advice.hasPrefix("ok   deployment history sharing: shared with git deploy history --fetch origin --push origin, which merges both sides"), "\(advice)")
        #expect(advice.contains("on a machine that only reads the history (a CI runner)"), "\(advice)")
        #expect(!advice.contains("fix:"), "\(advice)")
    }

    @Test("the forced refspec where deployments are recorded: a warning that it drops unpushed records, and how to share instead")
    func forcedWhereRecording() throws {
        try repo.git("config", "--add", "remote.origin.fetch", "+refs/notes/deployments:refs/notes/deployments")
        #expect(try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: repo.directory).status == 0)
        let advice = try doctor()
        #expect(advice.hasPrefix("warn deployment history sharing: git fetch from origin replaces refs/notes/deployments with the remote's when they diverge"), "\(advice)")
        #expect(advice.contains("fix: if you record deployments here: git config --unset-all remote.origin.fetch 'refs/notes/deployments', and share with git deploy history --fetch origin --push origin"), "\(advice)")
    }

    @Test("the forced refspec on a reading machine (no history recorded here, or CI): ok, and it says why")
    func forcedWhereReading() throws {
        try repo.git("config", "--add", "remote.origin.fetch", "+refs/notes/deployments:refs/notes/deployments")
        var advice = try doctor()
        #expect(advice.hasPrefix("ok   deployment history sharing: git fetch brings refs/notes/deployments from origin, replacing this repository's: right where the history is only read"), "\(advice)")
        #expect(try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: repo.directory).status == 0)
        advice = try doctor(["CI": "true"])
        #expect(advice.hasPrefix("ok   deployment history sharing: git fetch brings"), "\(advice)")
    }

    @Test("a refspec without '+': a warning that git fetch will fail with [rejected] once both sides record")
    func unforced() throws {
        try repo.git("config", "--add", "remote.origin.fetch", "refs/notes/deployments:refs/notes/deployments")
        let advice = try doctor()
        #expect(advice.hasPrefix("warn deployment history sharing: remote.origin.fetch fetches refs/notes/deployments without '+'"), "\(advice)")
        #expect(advice.contains("[rejected] refs/notes/deployments (non-fast-forward)"), "\(advice)")
        #expect(advice.contains("fix: git config --unset-all remote.origin.fetch 'refs/notes/deployments'"), "\(advice)")
    }
}
