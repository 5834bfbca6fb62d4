import Foundation
import Testing
import TestSupport

/// Issue 13 item 11: release-channel branches without a rule of the user's route to staging by
/// default: semantic-release's pre-release and maintenance branches, dev-vN lines, and the
/// pre-release branches configured under `release.prerelease-branches`.
@Suite("decisions: channel branches route to staging", .tags(.endToEnd))
struct DecisionChannelRoutesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    @Test("channel branches route to staging by default",
          arguments: ["next", "next-major", "beta", "alpha", "dev-v3", "2.x", "2.3.x"])
    func channel(branch: String) throws {
        try repo.git("checkout", "-q", "-b", branch)
        let json = try DecisionShapes.explain(repo)
        #expect(json["environment"] as? String == "staging", "\(branch)")
        #expect((json["environment_source"] as? String)?.hasPrefix("branch \(branch) matched") == true)
    }

    @Test("a configured pre-release branch routes to staging too; other branches still have no route")
    func configuredChannel() throws {
        try repo.commit("chore: config", files: [".deploy.yml": "release:\n  prerelease-branches: [rc, beta]\n"])
        try repo.git("checkout", "-q", "-b", "rc")
        let json = try DecisionShapes.explain(repo)
        #expect(json["environment"] as? String == "staging")
        #expect((json["environment_source"] as? String)?.contains(".deploy.yml:2") == true, "\(json["environment_source"] ?? "")")
        try repo.git("checkout", "-q", "-b", "feature/next")
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no route for branch feature/next"))
    }
}
