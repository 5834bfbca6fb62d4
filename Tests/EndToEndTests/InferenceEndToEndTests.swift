import Foundation
import Testing
import TestSupport

/// Options inferred from the commits being deployed (DESIGN §4), through the built binary.
@Suite("option inference, end to end", .tags(.endToEnd))
struct InferenceEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v1.0.0")
    }

    func explain(_ arguments: [String] = []) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["explain", "--format", "json"] + arguments, in: repo.directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    func evidence(_ json: [String: Any], _ option: String) -> [String: Any]? {
        (json["option_evidence"] as? [[String: Any]])?.first { $0["option"] as? String == option }
    }

    @Test("a feat!: commit in the range infers --breaking-changes with that commit as evidence")
    func breakingChangeFromSubject() throws {
        try repo.commit("fix: small thing")
        let breaking = try repo.commit("feat(api)!: remove the v1 endpoints")
        try repo.commit("docs: readme")
        let json = try explain()
        #expect((json["options"] as? [String])?.contains("--breaking-changes") == true)
        let found = try #require(evidence(json, "--breaking-changes"))
        #expect(found["commit"] as? String == breaking)
        #expect(found["subject"] as? String == "feat(api)!: remove the v1 endpoints")
        let scan = try #require(json["scan"] as? [String: Any])
        #expect((scan["range"] as? String)?.hasPrefix("v1.0.0..") == true)
        #expect(scan["commits_read"] as? Int == 3)
    }

    @Test("commits before the previous release tag are not read")
    func rangeStartsAtPreviousTag() throws {
        try repo.commit("feat!: old breaking change")
        try repo.git("tag", "v2.0.0")
        try repo.commit("fix: after the release")
        let json = try explain()
        #expect(evidence(json, "--breaking-changes") == nil)
        #expect((json["scan"] as? [String: Any])?["commits_read"] as? Int == 1)
    }

    @Test("a db/migrations/001.sql change infers --database-migration with the path")
    func migrationFromPath() throws {
        let commit = try repo.commit("feat: add table", files: ["db/migrations/001.sql": "create table t();\n"])
        let json = try explain()
        let found = try #require(evidence(json, "--database-migration"))
        #expect(found["path"] as? String == "db/migrations/001.sql")
        #expect(found["commit"] as? String == commit)
    }

    @Test("changes under services/api and services/web with k8s are complex and go to infra-orchestrator on staging")
    func multiServiceOnKubernetes() throws {
        try repo.commit("feat: manifests", files: ["k8s/app.yaml": "kind: Deployment\n"])
        try repo.commit("feat(api): x", files: ["services/api/main.go": "package main\n"])
        try repo.commit("feat(web): y", files: ["services/web/index.ts": "export {}\n"])
        let json = try explain()
        #expect((json["options"] as? [String])?.contains("--multi-service") == true)
        #expect(json["platform"] as? String == "k8s")
        #expect(json["complexity"] as? String == "complex")
        #expect(json["complexity_score"] as? Int == 5)
        #expect(json["environment"] as? String == "staging")
        #expect(json["target"] as? String == "infra-orchestrator")
        #expect(json["rule"] as? Int == 6)
    }

    @Test("integration paths infer --external-integrations; a Deploy-Options trailer adds options")
    func integrationsAndTrailers() throws {
        try repo.commit("feat: stripe webhooks", files: ["app/webhooks/stripe.rb": "# hook\n"])
        try repo.commit("chore: roll\n\nWhy we roll.\n\nDeploy-Options: --multi-service --bogus")
        let result = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        #expect(result.status == 0)
        let json = try GitDeployBinary.json(result)
        #expect(evidence(json, "--external-integrations")?["path"] as? String == "app/webhooks/stripe.rb")
        #expect(evidence(json, "--multi-service")?["reason"] as? String == "trailer Deploy-Options")
        #expect(json["mode"] as? String == "standard")
        let warnings = json["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("'--bogus'") })
    }

    @Test("--no-infer turns the scan off; explicit flags always add")
    func noInfer() throws {
        try repo.commit("feat!: breaking")
        let json = try explain(["--no-infer", "--external-integrations"])
        #expect(json["options"] as? [String] == ["--external-integrations"])
        #expect(json["scan"] is NSNull)
    }

    @Test("the scan stops early once every option is found")
    func earlyStop() throws {
        for index in 0..<30 { try repo.commit("chore: filler \(index)") }
        try repo.commit("feat!: all at once", files: [
            "db/migrations/002.sql": "x\n", "services/a/x": "1\n", "services/b/y": "2\n", "lib/integrations/z.py": "3\n",
        ])
        let json = try explain()
        let scan = try #require(json["scan"] as? [String: Any])
        #expect(scan["commits_read"] as? Int == 1)
        #expect(scan["stopped_early"] as? Bool == true)
    }

    @Test("--range A..B scans exactly that range; the cap from .deploy.yml stops the scan with a warning")
    func explicitRangeAndCap() throws {
        for index in 0..<5 { try repo.commit("chore: filler \(index)") }
        let json = try explain(["--range", "HEAD~3..HEAD"])
        #expect((json["scan"] as? [String: Any])?["commits_read"] as? Int == 3)
        try repo.write([".deploy.yml": "inference:\n  max-commits: 2\n"])
        let capped = try explain(["--range", "v1.0.0..HEAD"])
        let scan = try #require(capped["scan"] as? [String: Any])
        #expect(scan["commits_read"] as? Int == 2)
        #expect(scan["capped"] as? Bool == true)
        #expect((capped["warnings"] as? [String] ?? []).contains { $0.contains("inference.max-commits") && $0.contains("2") })
        let bad = try GitDeployBinary.run(["explain", "--range", "nope..HEAD"], in: repo.directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'nope..HEAD': unknown revision"))
    }

    @Test("a 10 MB commit message and a path with a newline are handled")
    func largeAndOddInput() throws {
        let big = "feat: big\n\n" + String(repeating: "lorem ipsum ", count: 900_000) + "\n\nBREAKING CHANGE: yes\n"
        try repo.write(["msg.txt": big])
        try repo.git("add", "msg.txt")
        try repo.git("commit", "-q", "-F", "msg.txt")
        try repo.write(["odd\nname/migrations/x.sql": "x\n"])
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "chore: odd path")
        let json = try explain()
        #expect(evidence(json, "--breaking-changes") != nil)
        #expect(evidence(json, "--database-migration")?["path"] as? String == "odd\nname/migrations/x.sql")
    }
}
