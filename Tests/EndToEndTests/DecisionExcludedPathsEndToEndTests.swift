import Foundation
import Testing
import TestSupport

/// Issue 13 item 9: tests and docs never imply an option by default (configurable under
/// `inference.excluded-paths`), and explain says when a path was passed over.
@Suite("decisions: tests and docs never imply options", .tags(.endToEnd))
struct DecisionExcludedPathsEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v1.0.0")
    }

    @Test("a test or doc file under migrations/ or integrations/ implies nothing", arguments: [
        "apps/api/migrations/x.spec.ts", "db/migrations/002_test.go", "migrations/tests/fixture.sql",
        "src/integrations/__tests__/stripe.test.js", "db/migrations/README.md", "test/integrations/slack.rb",
    ])
    func excluded(path: String) throws {
        let commit = try repo.commit("style: lint", files: [path: "x\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(json["options"] as? [String] == [], "\(path)")
        let notes = DecisionShapes.scan(json)["excluded"] as? [String] ?? []
        #expect(notes.count == 1, "\(path): \(notes)")
        #expect(notes.first?.contains("\(path) (commit \(commit.prefix(7))) excluded by ") == true, "\(notes)")
        let text = try GitDeployBinary.run(["explain"], in: repo.directory).stdout
        #expect(text.contains("Excluded:") && text.contains(path), "\(text)")
    }

    @Test("the real migration next to its test still implies --database-migration")
    func realMigrationStillCounts() throws {
        try repo.commit("feat: orders", files: ["apps/api/migrations/002.sql": "create table o();\n",
                                                "apps/api/migrations/002.spec.ts": "test\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(json["options"] as? [String] == ["--database-migration"])
    }

    @Test("inference.excluded-paths replaces the defaults; an empty list excludes nothing")
    func configurable() throws {
        try repo.commit("style: lint", files: ["apps/api/migrations/x.spec.ts": "x\n", "pages/integrations/index.tsx": "ui\n"])
        try repo.write([".deploy.yml": "inference:\n  excluded-paths: []\n"])
        #expect(Set(try DecisionShapes.explain(repo)["options"] as? [String] ?? []) == ["--database-migration", "--external-integrations"])
        try repo.write([".deploy.yml": "inference:\n  excluded-paths: [\"pages/**\", \"**/*.spec.*\"]\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(json["options"] as? [String] == [])
        #expect((DecisionShapes.scan(json)["excluded"] as? [String])?.count == 2)
    }
}
