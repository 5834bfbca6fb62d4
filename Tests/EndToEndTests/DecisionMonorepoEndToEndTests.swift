import Foundation
import Testing
import TestSupport

/// Issue 13 item 7: monorepo packages. A package tag (`api@1.2.3`, `api-v1.2.3`, `api/v1.2.3`)
/// routes to prod for that package; its version and scan count only commits touching its
/// folder (from `packages:` in `.deploy.yml`, or detected: `packages/*`, `apps/*`, `services/*`,
/// `src/*` with a manifest); the hand-off and the JSON carry `package`.
@Suite("decisions: monorepo packages", .tags(.endToEnd))
struct DecisionMonorepoEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    /// packages/api and packages/web, each with a package.json; an old root tag; api@1.2.0.
    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v0.3.0")
        try repo.commit("chore: packages", files: ["packages/api/package.json": "{}\n", "packages/web/package.json": "{}\n"])
        try repo.git("tag", "api@1.2.0")
    }

    /// Two commits touch api, two touch web (one of them a migration), one touches the root.
    func history() throws {
        try repo.commit("feat(api): orders", files: ["packages/api/src/orders.ts": "x\n"])
        try repo.commit("feat(web): migration of the web's own db", files: ["packages/web/migrations/001.sql": "create table w();\n"])
        try repo.commit("docs: root", files: ["CONTRIBUTING.txt": "x\n"])
        try repo.commit("fix(api): typo", files: ["packages/api/src/typo.ts": "y\n"])
        try repo.commit("feat(web)!: new ui", files: ["packages/web/src/ui.ts": "z\n"])
    }

    @Test("a package tag deploys that package to prod; version and scan count only its commits", arguments: ["api@1.3.0", "api-v1.3.0", "api/v1.3.0", "api@v1.3.0"])
    func packageTag(tag: String) throws {
        try history()
        try repo.git("tag", tag)
        try repo.git("checkout", "-q", "--detach", tag)
        let json = try DecisionShapes.explain(repo)
        #expect(json["environment"] as? String == "prod")
        #expect(json["package"] as? String == "api")
        #expect(json["package_path"] as? String == "packages/api")
        #expect(DecisionShapes.version(json) == "1.3.0")
        #expect(DecisionShapes.release(json)["previous"] as? String == "api@1.2.0")
        let scan = DecisionShapes.scan(json)
        #expect(scan["commits_read"] as? Int == 2, "\(scan)")
        #expect((scan["range"] as? String)?.hasPrefix("api@1.2.0..") == true)
        // The web's migration and breaking change are another package's.
        #expect(json["options"] as? [String] == [], "\(json["options"] ?? "")")
        #expect(json["schema"] as? Int == 1)
    }

    @Test("conventional-changelog's form: conventional-commits-parser-v7.1.2 with a detected folder")
    func hyphenatedName() throws {
        try repo.commit("chore: parser", files: ["packages/conventional-commits-parser/package.json": "{}\n"])
        try repo.git("tag", "conventional-commits-parser-v7.1.1")
        try repo.commit("feat(parser): notes", files: ["packages/conventional-commits-parser/src/notes.js": "x\n",
                                                          "packages/conventional-commits-parser/migrations/002.sql": "-- x\n"])
        try repo.commit("fix(api): other", files: ["packages/api/src/x.ts": "x\n"])
        try repo.git("tag", "conventional-commits-parser-v7.1.2")
        let json = try DecisionShapes.explain(repo, environment: ["CI_COMMIT_TAG": "conventional-commits-parser-v7.1.2"])
        #expect(json["package"] as? String == "conventional-commits-parser")
        #expect(DecisionShapes.version(json) == "7.1.2")
        #expect(DecisionShapes.scan(json)["commits_read"] as? Int == 1)
        #expect(json["options"] as? [String] == ["--database-migration"])
    }

    @Test("packages: in .deploy.yml names the folder and a tag pattern of its own")
    func configuredPackage() throws {
        let config = "packages:\n  backend:\n    path: server/\n    tag: \"backend-release-{version}\"\n"
        try repo.commit("chore: config", files: [".deploy.yml": config, "server/main.go": "package main\n"])
        try repo.git("tag", "backend-release-2.0.0")
        try repo.commit("feat: server change", files: ["server/db/migrations/1.sql": "x\n"])
        try repo.commit("feat: other change", files: ["packages/api/y.ts": "y\n"])
        try repo.git("tag", "backend-release-2.1.0")
        try repo.git("checkout", "-q", "--detach", "backend-release-2.1.0")
        let json = try DecisionShapes.explain(repo)
        #expect(json["environment"] as? String == "prod")
        #expect(json["package"] as? String == "backend")
        #expect(json["package_path"] as? String == "server")
        #expect(DecisionShapes.release(json)["previous"] as? String == "backend-release-2.0.0")
        #expect(DecisionShapes.scan(json)["commits_read"] as? Int == 1)
        #expect(json["options"] as? [String] == ["--database-migration"])
    }

    @Test("pushing a package tag hands off DEPLOYMENT_PACKAGE and the package's options")
    func pushedPackageTag() throws {
        let remote = try sandbox.repository("remote.git", bare: true)
        try repo.git("remote", "add", "origin", remote.path)
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        try repo.commit("feat(api): table", files: ["packages/api/migrations/001.sql": "create table t();\n"])
        #expect(try repo.tryGit(["push", "-q", "origin", "main"], environment: GitDeployBinary.hookEnvironment).status == 0)
        try repo.git("tag", "api@1.3.0")
        let push = try repo.tryGit(["push", "origin", "api@1.3.0"], environment: GitDeployBinary.hookEnvironment)
        #expect(push.status == 0, "\(push.stderr)")
        let handoff = try repo.read(".deployment_config")
        #expect(handoff.contains("DEPLOYMENT_PACKAGE='api'\n"), "\(handoff)")
        #expect(handoff.contains("DEPLOYMENT_ENVIRONMENT='prod'\n"))
        #expect(handoff.contains("DEPLOYMENT_OPTIONS='--database-migration'\n"))
        #expect(handoff.contains("RELEASE_VERSION='1.3.0'\n"))
    }

    @Test("a branch deployment carries package null; an unknown package's tag still routes, with a warning")
    func nullAndUnknown() throws {
        #expect(try DecisionShapes.explain(repo)["package"] is NSNull)
        try repo.commit("feat: x")
        try repo.git("tag", "billing@0.2.0")
        try repo.git("checkout", "-q", "--detach", "billing@0.2.0")
        let json = try DecisionShapes.explain(repo)
        #expect(json["environment"] as? String == "prod")
        #expect(json["package"] is NSNull)
        #expect((json["warnings"] as? [String])?.contains { $0.contains("package 'billing'") } == true)
    }
}
