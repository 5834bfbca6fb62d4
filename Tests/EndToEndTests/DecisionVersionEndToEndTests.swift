import Foundation
import Testing
import TestSupport

/// Issue 13 item 1: the proposed version follows Conventional Commits as semantic-release's
/// default rules do (breaking → major, feat → minor, else patch) since the previous release on
/// the line; `release.rules` in `.deploy.yml` go first; `.release_config` still wins; explain
/// shows the commit that decided the bump.
@Suite("decisions: the version from the commits", .tags(.endToEnd))
struct DecisionVersionEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v24.2.9")
    }

    @Test("each kind of commit since v24.2.9 gives its bump, the highest wins", arguments: [
        (["fix: a", "docs: b"], "24.2.10", "patch"),
        (["fix: a", "feat(cli): b", "docs: c"], "24.3.0", "minor"),
        (["feat: a", "feat!: drop Node 18", "fix: c"], "25.0.0", "major"),
        (["fix: a", "refactor: b\n\nBREAKING CHANGE: the config moved"], "25.0.0", "major"),
        (["Update readme"], "24.2.10", "patch"),
    ])
    func bumps(subjects: [String], version: String, bump: String) throws {
        for subject in subjects { try repo.commit(subject) }
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == version, "\(subjects)")
        #expect(DecisionShapes.release(json)["bump"] as? String == bump)
        #expect(DecisionShapes.release(json)["previous"] as? String == "v24.2.9")
    }

    @Test("v25.0.0 is proposed in the same run that reports --breaking-changes, and explain names the deciding commit")
    func breakingRelease() throws {
        try repo.commit("feat: a")
        let decider = try repo.commit("feat(core)!: require Node 20")
        try repo.commit("fix: c")
        let json = try DecisionShapes.explain(repo)
        #expect((json["options"] as? [String])?.contains("--breaking-changes") == true)
        #expect(DecisionShapes.version(json) == "25.0.0")
        #expect(DecisionShapes.release(json)["bump_commit"] as? String == decider)
        #expect(DecisionShapes.release(json)["bump_reason"] as? String == "breaking change (subject feat(core)!:)")
        let text = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(text.stdout.contains("Version:      25.0.0 — next major after tag v24.2.9"), "\(text.stdout)")
        #expect(text.stdout.contains("Bump:         major — commit \(decider.prefix(7)) \"feat(core)!: require Node 20\", breaking change"), "\(text.stdout)")
    }

    @Test("release.rules go before the defaults, like releaseRules")
    func releaseRules() throws {
        try repo.write([".deploy.yml": """
            release:
              rules:
                - { type: docs, scope: README, release: minor }
                - { type: feat, scope: "internal*", release: patch }
                - { type: chore, release: none }
            """])
        try repo.commit("chore: add config", files: [".deploy.yml": try repo.read(".deploy.yml")])
        try repo.commit("feat(internal-api): not user facing")
        #expect(DecisionShapes.version(try DecisionShapes.explain(repo)) == "24.2.10")
        try repo.commit("docs(README): new install section")
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == "24.3.0")
        #expect((DecisionShapes.release(json)["bump_reason"] as? String)?.hasPrefix("release rule .deploy.yml:") == true)
    }

    @Test("a malformed release rule is exit 2 naming the line")
    func badRule() throws {
        try repo.write([".deploy.yml": "release:\n  rules:\n    - { type: docs, release: huge }\n"])
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml:3"), "\(result.stderr)")
    }

    @Test(".release_config still wins over the commits")
    func releaseConfigWins() throws {
        try repo.commit("feat!: big")
        try repo.write([".release_config": "RELEASE_VERSION=24.3.0-custom\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == "24.3.0-custom")
        #expect(DecisionShapes.release(json)["mode"] as? String == "continue")
        #expect(DecisionShapes.release(json)["bump"] is NSNull)
    }
}
