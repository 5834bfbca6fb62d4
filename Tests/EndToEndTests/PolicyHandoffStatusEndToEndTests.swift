import Foundation
import Testing
import TestSupport

/// No green-looking hand-off for a blocked push or deployment (issue 14, item 7): every
/// `.deployment_config` says `DEPLOYMENT_STATUS='ready'` or `'blocked'` (with the failed gates
/// and their reasons), and a later block never leaves an earlier go behind — it is overwritten
/// with a blocked hand-off, or removed where there is no plan to describe.
@Suite("policy: the hand-off says ready or blocked, end to end", .tags(.endToEnd))
struct PolicyHandoffStatusEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    let repo: TestRepository

    init() throws {
        (sandbox, remote, repo) = try Sandbox.withRemote()
        try repo.installHooks()
    }

    /// `.deployment_config` read back by a real shell, so quoting is exercised as a script would see it.
    func handoff() throws -> [String: String] {
        let keys = ["DEPLOYMENT_STATUS", "DEPLOYMENT_BLOCKED_BY", "DEPLOYMENT_BLOCK_REASONS", "DEPLOYMENT_ENVIRONMENT", "DEPLOYMENT_TAG",
                    "DEPLOYMENT_EMERGENCY_REASON"]
        let script = ". ./.deployment_config && printf '%s\\0' " + keys.map { "\"$\($0)\"" }.joined(separator: " ")
        let result = try Runner.run("/bin/sh", ["-c", script], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let values = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(keys, values))
    }

    func push(_ arguments: String...) throws -> ProcessResult {
        try repo.tryGit(["push"] + arguments, environment: GitDeployBinary.hookEnvironment)
    }

    @Test("a push that passes says ready; a later push of a prod tag blocked by the release-version gate replaces it with blocked and the reason")
    func pushReadyThenBlocked() throws {
        let ready = try push("-q", "origin", "main")
        #expect(ready.status == 0, "\(ready.stderr)")
        var values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "ready")
        #expect(values["DEPLOYMENT_BLOCKED_BY"] == "")
        #expect(values["DEPLOYMENT_BLOCK_REASONS"] == "")

        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=0.9.0\n"])
        try repo.git("tag", "v1.0.0")
        let blocked = try push("origin", "v1.0.0")
        #expect(blocked.status != 0, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("push blocked"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains(".deployment_config says DEPLOYMENT_STATUS='blocked' (blocked by release-version"), "\(blocked.stderr)")
        values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "blocked")
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "prod")
        #expect(values["DEPLOYMENT_TAG"] == "v1.0.0")
        #expect(values["DEPLOYMENT_BLOCKED_BY"]?.hasPrefix("release-version") == true, "\(values)")
        #expect(values["DEPLOYMENT_BLOCK_REASONS"]?.contains("0.9.0") == true, "\(values)")
        #expect(try remote.tryGit(["rev-parse", "--verify", "-q", "refs/tags/v1.0.0"]).status != 0, "the blocked tag reached the remote")
    }

    @Test("a push of two prod tags where one passes and one is blocked pushes nothing: the hand-off describes the blocked one")
    func mixedPushHandsOffTheBlock() throws {
        try repo.git("tag", "v1.0.0")
        try repo.commit("feat: more", files: ["src/a.txt": "a\n"])
        try repo.git("tag", "v1.1.0")
        // Deploying the checked-out commit (v1.1.0) from a dirty work tree fails prod's clean-work-tree gate; v1.0.0 is not checked out.
        try repo.write(["README.md": "edited, not committed\n"])
        let blocked = try push("origin", "v1.0.0", "v1.1.0")
        #expect(blocked.status != 0, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("push blocked: refs/tags/v1.1.0"), "\(blocked.stderr)")
        #expect(!blocked.stderr.contains("push blocked: refs/tags/v1.0.0"), "\(blocked.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "blocked", "\(values)")
        #expect(values["DEPLOYMENT_TAG"] == "v1.1.0")
        #expect(values["DEPLOYMENT_BLOCKED_BY"] == "clean-work-tree")
    }

    @Test("a staging push inside a freeze goes through (medium safety only warns) but its hand-off says blocked by freeze")
    func warnedPushIsStillBlockedInTheHandoff() throws {
        try repo.commit("chore: freeze", files: [".deploy.yml": """
            environments:
              staging:
                freeze:
                  - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}
            """ + "\n"])
        let result = try push("-q", "origin", "main")
        #expect(result.status == 0, "\(result.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "blocked")
        #expect(values["DEPLOYMENT_BLOCKED_BY"] == "freeze")
        #expect(values["DEPLOYMENT_BLOCK_REASONS"]?.contains(".deploy.yml:4 (2000-01-01T00:00:00Z") == true, "\(values)")
    }

    @Test("a push to prod that cannot be checked (a broken .deploy.yml) is blocked and removes the earlier go")
    func uncheckablePushWithdrawsTheHandoff() throws {
        #expect(try push("-q", "origin", "main").status == 0)
        #expect(try handoff()["DEPLOYMENT_STATUS"] == "ready")
        try repo.git("tag", "v1.0.0")
        try repo.write([".deploy.yml": "enviroments: {}\n"])
        let blocked = try push("origin", "v1.0.0")
        #expect(blocked.status != 0, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("could not be checked"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("removed"), "\(blocked.stderr)")
        #expect(!repo.exists(".deployment_config"))
    }

    @Test("a pull into a frozen staging (no auto-dispatch) hands off blocked, and the hook prints the failed gate and the status")
    func pullHandsOffBlocked() throws {
        #expect(try push("-q", "origin", "main").status == 0)
        let clone = TestRepository(sandbox.url("clone"))
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", remote.path, clone.path], in: sandbox.root)
        #expect(try GitDeployBinary.run(["install"], in: clone.directory).status == 0)
        try repo.commit("chore: freeze", files: [".deploy.yml": """
            environments:
              staging:
                freeze:
                  - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}
            """ + "\n"])
        try repo.git(["push", "-q", "--no-verify", "origin", "main"])
        let pull = try clone.tryGit(["pull", "-q", "--ff-only"], environment: GitDeployBinary.hookEnvironment)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("git-deploy:   fail: freeze: inside freeze "), "\(pull.stderr)")
        #expect(pull.stderr.contains("git-deploy: .deployment_config says DEPLOYMENT_STATUS='blocked' (blocked by freeze)"), "\(pull.stderr)")
        let handoff = try clone.read(".deployment_config")
        #expect(handoff.contains("DEPLOYMENT_STATUS='blocked'\n"), "\(handoff)")
    }

    @Test("git deploy: a go, then the same deployment blocked by a freeze: the hand-off is overwritten with blocked (exit 3)")
    func deployReadyThenBlocked() throws {
        let go = try GitDeployBinary.run(["staging", "--yes"], in: repo.directory)
        #expect(go.status == 0, "\(go.output)")
        #expect(try handoff()["DEPLOYMENT_STATUS"] == "ready")

        try repo.commit("chore: freeze", files: [".deploy.yml": """
            environments:
              staging:
                freeze:
                  - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}
            """ + "\n"])
        let blocked = try GitDeployBinary.run(["staging", "--yes"], in: repo.directory)
        #expect(blocked.status == 3, "\(blocked.output)")
        #expect(blocked.stdout.contains("[hand-off] wrote \(repo.path)/.deployment_config with DEPLOYMENT_STATUS='blocked'"), "\(blocked.output)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "blocked")
        #expect(values["DEPLOYMENT_BLOCKED_BY"] == "freeze")
        // --format json names the blocked hand-off too.
        let json = try GitDeployBinary.json(try GitDeployBinary.run(["staging", "--yes", "--format", "json"], in: repo.directory))
        #expect(json["status"] as? String == "blocked")
        #expect(json["handoff"] as? String == repo.path + "/.deployment_config")
    }

    @Test("git deploy prod without a terminal and without --yes: blocked by confirmation, and the hand-off says so")
    func confirmationBlockIsHandedOff() throws {
        try repo.git("tag", "v1.0.0")  // prod takes release tags (allowed-refs), so only the confirmation is missing
        let result = try GitDeployBinary.run(["prod"], in: repo.directory)
        #expect(result.status == 3, "\(result.output)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_STATUS"] == "blocked")
        #expect(values["DEPLOYMENT_BLOCKED_BY"] == "confirmation")
    }

    @Test("a rollback with nothing to return to is blocked before there is a plan: the earlier go is removed")
    func blockedBeforePlanWithdraws() throws {
        #expect(try GitDeployBinary.run(["dev"], in: repo.directory).status == 0)
        #expect(try handoff()["DEPLOYMENT_STATUS"] == "ready")
        let rollback = try GitDeployBinary.run(["rollback", "staging", "--yes"], in: repo.directory)
        #expect(rollback.status == 3, "\(rollback.output)")
        #expect(rollback.output.contains("removed \(repo.path)/.deployment_config"), "\(rollback.output)")
        #expect(!repo.exists(".deployment_config"))
    }

    @Test("explain's CI formats carry the status keys; explain runs no gates, so it says unchecked, never ready")
    func explainSaysUnchecked() throws {
        let dotenv = try GitDeployBinary.run(["explain", "--format", "dotenv"], in: repo.directory)
        #expect(dotenv.status == 0, "\(dotenv.stderr)")
        #expect(dotenv.stdout.hasSuffix("DEPLOYMENT_STATUS=unchecked\nDEPLOYMENT_BLOCKED_BY=\nDEPLOYMENT_BLOCK_REASONS=\nDEPLOYMENT_EMERGENCY_REASON=\n"),
                "\(dotenv.stdout)")
        let github = try GitDeployBinary.run(["explain", "--format", "github-output"], in: repo.directory)
        #expect(github.stdout.contains("DEPLOYMENT_STATUS=unchecked\n"))
    }
}
