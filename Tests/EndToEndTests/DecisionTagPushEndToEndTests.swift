import Foundation
import Testing
import TestSupport

/// Issue 13 item 4: a pushed release tag carries the release's options. Its range is previous
/// release..tag whatever the remote already has, so the commits pushed on main before the tag
/// still count, and a prod hand-off never drops a migration (and its backup).
@Suite("decisions: tag pushes carry the release's options", .tags(.endToEnd))
struct DecisionTagPushEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    let repo: TestRepository

    init() throws {
        (sandbox, remote, repo) = try Sandbox.withRemote()
        try repo.git("tag", "v2.2.0")
        try repo.installHooks()
    }

    func push(_ arguments: String...) throws -> ProcessResult {
        try repo.tryGit(["push"] + arguments, environment: GitDeployBinary.hookEnvironment)
    }

    func handoff() throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try repo.read(".deployment_config").split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    @Test("v2.3.0 pushed after main: the hand-off has the migration and the breaking change, as explain on the tag does")
    func tagAfterBranch() throws {
        #expect(try push("-q", "origin", "main", "v2.2.0").status == 0)
        try repo.commit("feat: add orders table", files: ["db/migrations/002_orders.sql": "create table orders();\n"])
        try repo.commit("feat!: drop the v1 API")
        try repo.commit("fix: typo")
        let branchPush = try push("-q", "origin", "main")
        #expect(branchPush.status == 0, "\(branchPush.stderr)")

        try repo.git("tag", "-a", "v2.3.0", "-m", "release 2.3.0")
        let tagPush = try push("origin", "v2.3.0")
        #expect(tagPush.status == 0, "\(tagPush.stderr)")
        #expect(tagPush.stderr.contains("refs/tags/v2.3.0 → prod"), "\(tagPush.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "'prod'")
        #expect(values["DEPLOYMENT_OPTIONS"] == "'--database-migration --breaking-changes'", "\(values)")

        try repo.git("checkout", "-q", "v2.3.0")
        let explain = try GitDeployBinary.json(try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory))
        #expect(Set(explain["options"] as? [String] ?? []) == ["--breaking-changes", "--database-migration"])
        #expect(((explain["scan"] as? [String: Any])?["range"] as? String)?.hasPrefix("v2.2.0..") == true)
    }

    @Test("a branch push still scans only what the remote lacks")
    func branchPushUnchanged() throws {
        try repo.commit("feat: add orders table", files: ["db/migrations/002_orders.sql": "create table orders();\n"])
        #expect(try push("-q", "origin", "main").status == 0)
        #expect(try handoff()["DEPLOYMENT_OPTIONS"] == "'--database-migration'")
        try repo.commit("fix: typo")
        #expect(try push("-q", "origin", "main").status == 0)
        #expect(try handoff()["DEPLOYMENT_OPTIONS"] == "''")
    }
}
