import Foundation
import Testing
import TestSupport

/// Issue 14 item 1: the gates' values come from the default branch's `.deploy.yml`, not from the
/// commit being deployed: an old checkout cannot bring an old policy with it, and a branch may
/// tighten the policy but not loosen it.
@Suite("policy: gates read the default branch's .deploy.yml", .tags(.endToEnd))
struct PolicyTrustEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    static let freeze = """
        environments:
          prod:
            freeze:
              - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}

        """

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func run(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try GitDeployBinary.run(arguments, in: directory ?? repo.directory)
    }

    @Test("an old checkout whose .deploy.yml predates a freeze added on main is blocked during the freeze (exit 3), naming main's commit and file")
    func oldCheckoutIsFrozen() throws {
        try repo.git("tag", "v1.0.0")
        let policy = String(try repo.commit("chore: freeze prod", files: [".deploy.yml": Self.freeze]).prefix(7))
        try repo.git("checkout", "-q", "v1.0.0")
        #expect(!repo.exists(".deploy.yml"))
        let result = try run(["prod", "--yes"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("error: blocked by freeze: inside freeze \(policy):.deploy.yml:4"), "\(result.stderr)")
        #expect(result.stdout.contains("warning: environments.prod.freeze: the deployed commit (no .deploy.yml) would loosen the policy"), "\(result.stdout)")
        #expect(result.stdout.contains("the policy of main at \(policy) applies"), "\(result.stdout)")
    }

    @Test("a clone's old checkout: the policy is origin's default branch (refs/remotes/origin/HEAD), once fetched")
    func cloneUsesOriginHead() throws {
        let server = try sandbox.repository("server.git", bare: true)
        try repo.git("tag", "v1.0.0")
        try repo.git("remote", "add", "origin", server.path)
        try repo.git("push", "-q", "origin", "main", "v1.0.0")
        let old = TestRepository(sandbox.url("old"))
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", server.path, old.path], in: sandbox.root)
        // main gets a freeze after the old clone was made; the old clone fetches but stays on its checkout.
        let policy = String(try repo.commit("chore: freeze prod", files: [".deploy.yml": Self.freeze]).prefix(7))
        try repo.git("push", "-q", "origin", "main")
        try old.git("fetch", "-q", "origin")
        try old.git("checkout", "-q", "v1.0.0")
        let explain = try GitDeployBinary.json(try run(["explain", "prod", "--format", "json"], in: old.directory))
        let source = try #require(explain["policy"] as? [String: Any])
        #expect(source["ref"] as? String == "refs/remotes/origin/main")
        #expect((source["commit"] as? String)?.hasPrefix(policy) == true)
        let result = try run(["prod", "--yes"], in: old.directory)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("inside freeze \(policy):.deploy.yml:4"), "\(result.stderr)")
    }

    @Test("explain (text and JSON) and config --show-origin say which commit and file each policy value came from")
    func originsAreShown() throws {
        let policy = String(try repo.commit("chore: policy", files: [".deploy.yml": "environments:\n  prod:\n    require-promotion-from: staging\n"]).prefix(7))
        let text = try run(["explain", "prod"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Policy\n  Source:       main at \(policy) — the local default branch (no refs/remotes/origin/HEAD); \(policy):.deploy.yml"), "\(text.stdout)")
        #expect(text.stdout.contains("environments.prod.require-promotion-from: staging — \(policy):.deploy.yml:3"), "\(text.stdout)")
        #expect(text.stdout.contains("environments.prod.safety: high — default (policy main at \(policy))"), "\(text.stdout)")
        let json = try GitDeployBinary.json(try run(["explain", "prod", "--format", "json"]))
        let values = try #require((json["policy"] as? [String: Any])?["values"] as? [[String: String]])
        #expect(values.contains { $0["key"] == "environments.prod.require-promotion-from" && $0["value"] == "staging" && $0["origin"] == "\(policy):.deploy.yml:3" })
        let config = try run(["config", "--show-origin", "--env", "prod"])
        let lines = config.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(policy):.deploy.yml:3") && $0.contains("environments.prod.require-promotion-from") && $0.hasSuffix("staging") }, "\(config.stdout)")
        #expect(lines.contains { $0.hasPrefix("refs/heads/main") && $0.contains("policy") }, "\(config.stdout)")
    }

    @Test("HEAD on the default branch itself: the same commit, no policy warning")
    func headIsTheDefaultBranch() throws {
        let head = try repo.commit("chore: policy", files: [".deploy.yml": Self.freeze])
        let json = try GitDeployBinary.json(try run(["explain", "prod", "--format", "json"]))
        #expect((json["policy"] as? [String: Any])?["commit"] as? String == head)
        #expect((json["warnings"] as? [String])?.isEmpty == true, "\(json["warnings"] ?? "")")
    }

    @Test("a branch may tighten the policy (its own freeze applies) but not loosen it (lower safety: the policy's applies, with a warning)")
    func tightenButNotLoosen() throws {
        try repo.commit("chore: policy", files: [".deploy.yml": "environments:\n  staging:\n    safety: high\n"])
        try repo.git("switch", "-q", "-c", "release/2.0")
        try repo.commit("chore: loosen and tighten", files: [".deploy.yml": "environments:\n  staging:\n    safety: low\n  prod:\n    freeze:\n      - {from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\"}\n"])
        let json = try GitDeployBinary.json(try run(["explain", "--format", "json"]))
        #expect(json["environment"] as? String == "staging")
        #expect(json["safety_level"] as? String == "high")
        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("environments.staging.safety: the deployed .deploy.yml would loosen the policy (low, .deploy.yml:3)") }, "\(warnings)")
        // The branch's own prod freeze is stricter than main's (none): it applies, without a warning.
        let prod = try GitDeployBinary.json(try run(["explain", "prod", "--format", "json"]))
        let values = try #require((prod["policy"] as? [String: Any])?["values"] as? [[String: String]])
        #expect(values.contains { $0["key"] == "environments.prod.freeze" && $0["origin"] == ".deploy.yml:5" }, "\(values)")
        #expect(!((prod["warnings"] as? [String]) ?? []).contains { $0.contains("freeze") })
    }

    @Test("the default branch has no .deploy.yml: the built-in defaults are the policy, and a branch cannot widen prod's refs")
    func noPolicyFileMeansDefaults() throws {
        try repo.git("switch", "-q", "-c", "feature/x")
        try repo.commit("chore: let me deploy", files: [".deploy.yml": "environments:\n  prod:\n    allow: [{branch: \"*\"}]\n"])
        let result = try run(["prod", "--yes"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("blocked by allowed-refs: branch feature/x may not deploy to prod"), "\(result.stderr)")
        #expect(result.stdout.contains("warning: environments.prod.allow: the deployed .deploy.yml would loosen the policy (branch *, .deploy.yml:3)"), "\(result.stdout)")
    }

    @Test("a malformed .deploy.yml on the default branch is exit 2 naming the commit and file, wherever HEAD is")
    func malformedPolicy() throws {
        let policy = String(try repo.commit("chore: broken policy", files: [".deploy.yml": "environments:\n  prod:\n    saftey: low\n"]).prefix(7))
        try repo.git("switch", "-q", "-c", "release/2.0")
        try repo.commit("chore: fixed here", files: [".deploy.yml": "environments:\n  prod:\n    safety: high\n"])
        let result = try run(["explain"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: \(policy):.deploy.yml:3: "), "\(result.stderr)")
        #expect(result.stderr.contains("unknown key 'saftey'"), "\(result.stderr)")
        #expect(result.stderr.contains("this .deploy.yml is the deployment policy, read from main at \(policy)"), "\(result.stderr)")
    }

    @Test("no default branch (no policy.ref, remote HEAD, main or master): the deployed .deploy.yml is the policy, and explain says so")
    func noDefaultBranchFallsBack() throws {
        let sandbox = try Sandbox()
        let trunk = try sandbox.repository("trunk", branch: "trunk")
        try trunk.commit("chore: freeze staging", files: [".deploy.yml": "environments:\n  staging:\n    freeze:\n      - {from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\"}\n"])
        let json = try GitDeployBinary.json(try GitDeployBinary.run(["explain", "--format", "json"], in: trunk.directory))
        let policy = try #require(json["policy"] as? [String: Any])
        #expect((policy["source"] as? String)?.hasPrefix("none: no default branch") == true, "\(policy)")
        #expect(policy["commit"] is NSNull)
        let text = try GitDeployBinary.run(["explain"], in: trunk.directory)
        #expect(text.stdout.contains("Source:       none: no default branch"), "\(text.stdout)")
        let blocked = try GitDeployBinary.run(["staging", "--yes"], in: trunk.directory)
        #expect(blocked.status == 3, "\(blocked.output)")
    }

    @Test("policy.ref in git config wins over the default branch; one that names nothing is exit 2")
    func explicitPolicyRef() throws {
        try repo.git("switch", "-q", "-c", "policy")
        let policy = String(try repo.commit("chore: frozen policy", files: [".deploy.yml": Self.freeze]).prefix(7))
        try repo.git("switch", "-q", "main")
        try repo.git("tag", "v1.0.0")
        try repo.git("config", "policy.ref", "policy")
        let result = try run(["prod", "--yes"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("inside freeze \(policy):.deploy.yml:4"), "\(result.stderr)")
        try repo.git("config", "policy.ref", "no-such-branch")
        let missing = try run(["explain"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("error: policy.ref 'no-such-branch' in git config names no branch or ref with a commit here"), "\(missing.stderr)")
    }
}
