import Foundation
import Testing
import TestSupport

/// Issue 13 item 2: release lines. Pre-release branches propose `X.Y.Z-<channel>.N`;
/// maintenance branches stay inside their range; a tip already tagged `vX` is version X with the
/// scan covering what went into it; the main line of a project tagging only on release branches
/// proposes the next minor after the newest release branch.
@Suite("decisions: release lines", .tags(.endToEnd))
struct DecisionReleaseLinesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v1.4.2")
    }

    @Test("a beta branch proposes the next beta after the highest existing one", arguments: ["beta", "alpha", "next", "next-major"])
    func preReleaseChannel(branch: String) throws {
        try repo.git("checkout", "-q", "-b", branch)
        try repo.commit("feat: new thing")
        try repo.git("tag", "v1.5.0-\(branch).1")
        try repo.commit("fix: thing")
        try repo.git("tag", "v1.5.0-\(branch).2")
        try repo.commit("fix: again")
        let json = try DecisionShapes.explain(repo, ["staging"])
        #expect(DecisionShapes.version(json) == "1.5.0-\(branch).3")
        #expect(DecisionShapes.release(json)["line"] as? String == "pre-release channel \(branch)")
    }

    @Test("the first beta of a release is .1; prerelease-branches is configurable")
    func firstBetaAndConfiguredChannel() throws {
        try repo.write([".deploy.yml": "release:\n  prerelease-branches: [rc]\n"])
        try repo.commit("chore: config", files: [".deploy.yml": "release:\n  prerelease-branches: [rc]\n"])
        try repo.git("checkout", "-q", "-b", "rc")
        try repo.commit("feat!: new api")
        #expect(DecisionShapes.version(try DecisionShapes.explain(repo, ["staging"])) == "2.0.0-rc.1")
    }

    @Test("maintenance branches propose versions inside their range",
          arguments: [("release/2.3", "2.3.2"), ("release-2.3", "2.3.2"), ("2.3.x", "2.3.2"), ("2.x", "2.4.0")])
    func maintenance(branch: String, expected: String) throws {
        try repo.commit("feat: two")
        try repo.git("tag", "v2.3.0")
        try repo.commit("fix: three")
        try repo.git("tag", "v2.3.1")
        try repo.git("checkout", "-q", "-b", branch)
        try repo.commit("feat: a feature on a maintenance line")
        let json = try DecisionShapes.explain(repo, ["staging"])
        #expect(DecisionShapes.version(json) == expected, "\(branch)")
        #expect(DecisionShapes.release(json)["previous"] as? String == "v2.3.1")
        // The main line moves on: main's own next version is not limited.
        try repo.git("checkout", "-q", "main")
        try repo.git("tag", "v3.0.0")
        try repo.git("checkout", "-q", branch)
        #expect(DecisionShapes.version(try DecisionShapes.explain(repo, ["staging"])) == expected)
    }

    @Test("a branch whose tip is tagged v2.3.0 proposes 2.3.0 and scans what went into it")
    func taggedTip() throws {
        try repo.commit("feat: orders", files: ["db/migrations/001.sql": "create table orders();\n"])
        try repo.commit("fix: x")
        try repo.git("tag", "v2.3.0")
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == "2.3.0")
        #expect((DecisionShapes.scan(json)["range"] as? String)?.hasPrefix("v1.4.2..") == true)
        #expect((json["options"] as? [String])?.contains("--database-migration") == true)
    }

    @Test("main of a project tagging only on release branches proposes the next minor after the newest release branch")
    func mainAfterReleaseBranches() throws {
        try DecisionShapes.releaseBranchProject(repo, after: 3)
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == "2.15.0")
        #expect((DecisionShapes.release(json)["source"] as? String)?.contains("release branch release-2.14") == true)
        try repo.commit("feat!: drop v1")
        #expect(DecisionShapes.version(try DecisionShapes.explain(repo)) == "3.0.0")
    }
}
