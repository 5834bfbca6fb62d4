import Foundation
import Testing
import TestSupport

/// What the edge-case suites (issue 7: shallow, bare, submodules, damaged objects, foreign owners,
/// odd paths, many tags) do over and over, built on TestSupport alone.
enum EdgeCase {
    /// `git push ARGS` in `repository` with git-deploy on PATH, as a user with it installed runs it.
    static func push(_ repository: TestRepository, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = GitDeployBinary.hookEnvironment
        for (key, value) in environment { env[key] = value }
        return try repository.tryGit(["push"] + arguments, environment: env)
    }

    /// `git deploy explain --format json ARGS` in `directory`, expected to route (exit 0).
    static func explainJSON(in directory: URL, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["explain", "--format", "json"] + arguments, in: directory, environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    /// The hand-off keys of `directory/.deployment_config`, read back by a real shell with `.`.
    static func sourced(in directory: URL) throws -> [String: String] {
        let keys = ["DEPLOYMENT_ENVIRONMENT", "DEPLOYMENT_TARGET", "DEPLOYMENT_TYPE", "DEPLOYMENT_BRANCH", "DEPLOYMENT_TAG",
                    "DEPLOYMENT_COMMIT", "DEPLOYMENT_OPTIONS"]
        let script = "set -e; . ./.deployment_config; for k in \(keys.joined(separator: " ")); do eval \"v=\\$$k\"; printf '%s=%s\\0' \"$k\" \"$v\"; done"
        let result = try Runner.run("/bin/sh", ["-c", script], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        var values: [String: String] = [:]
        for pair in result.stdout.split(separator: "\0") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return values
    }

    /// Runs `git ARGS` in `directory`, which need not be a repository (clones), failing the setup when it fails.
    static func git(_ arguments: [String], in directory: URL) throws {
        try TestRepository(directory).git(arguments)
    }
}

/// Shallow clones (DESIGN §10): the scan reads the history that exists, stops at the shallow
/// boundary without mistaking the boundary commit's whole tree for its change, and says so.
@Suite("edge cases: shallow clones", .tags(.endToEnd))
struct EdgeCaseShallowEndToEndTests {
    let sandbox: Sandbox
    /// The full history, as a bare "server" repository: 6 commits on main.
    let origin: TestRepository
    /// The commits of `origin`'s main, oldest first.
    let history: [String]

    init() throws {
        sandbox = try Sandbox()
        let work = try sandbox.repository("work")
        var commits: [String] = []
        // The oldest commits add paths that would infer options if the boundary commit's whole tree
        // were taken as its change: a migration, two service roots, an integration.
        commits.append(try work.commit("chore: initial commit", files: ["db/migrations/001.sql": "create table t();\n"]))
        commits.append(try work.commit("feat: services", files: ["services/api/main.go": "package main\n",
                                                                  "services/web/index.js": "1\n",
                                                                  "app/integrations/stripe.rb": "x\n"]))
        for n in 3...6 {
            commits.append(try work.commit("fix: change \(n)", files: ["docs/\(n).md": "\(n)\n"]))
        }
        origin = try sandbox.repository("origin.git", bare: true)
        try work.git("push", "-q", origin.path, "main")
        history = commits
    }

    /// `git clone --depth DEPTH file://origin NAME`, with git-deploy's hooks installed.
    func shallowClone(depth: Int, name: String = "shallow") throws -> TestRepository {
        let clone = TestRepository(sandbox.url(name))
        try EdgeCase.git(["clone", "-q", "--depth", "\(depth)", "file://" + origin.path, clone.path], in: sandbox.root)
        #expect(clone.exists(".git/shallow"))
        let install = try GitDeployBinary.run(["install"], in: clone.directory)
        #expect(install.status == 0, "\(install.stderr)")
        return clone
    }

    @Test("explain in a shallow clone scans the commits it has, infers nothing from the boundary's tree, and warns", arguments: [1, 3])
    func explainInShallowClone(depth: Int) throws {
        let clone = try shallowClone(depth: depth)
        let json = try EdgeCase.explainJSON(in: clone.directory)
        #expect(json["environment"] as? String == "staging")
        #expect(json["commit"] as? String == history.last)
        #expect(json["branch"] as? String == "main")
        let scan = try #require(json["scan"] as? [String: Any])
        #expect(scan["commits_read"] as? Int == depth)
        // Only docs changed in the fetched commits; the migration, services and integration
        // were added before the boundary.
        #expect(json["options"] as? [String] == [])
        #expect(json["routing_key"] as? String == "staging,simple,standard")
        let boundary = String(history[history.count - depth].prefix(7))
        let warnings = json["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("the repository is shallow") && $0.contains(boundary) }, "\(warnings)")
    }

    @Test("options from commits inside the shallow history are still inferred, with their evidence")
    func inferenceInsideShallowHistory() throws {
        let clone = try shallowClone(depth: 2)
        let migration = try clone.commit("feat: add column", files: ["db/migrations/002.sql": "alter table t add c int;\n"])
        let json = try EdgeCase.explainJSON(in: clone.directory)
        #expect(json["options"] as? [String] == ["--database-migration"])
        let evidence = try #require((json["option_evidence"] as? [[String: Any]])?.first)
        #expect(evidence["commit"] as? String == migration)
        #expect(evidence["path"] as? String == "db/migrations/002.sql")
        #expect((json["scan"] as? [String: Any])?["commits_read"] as? Int == 3)
    }

    @Test("a pre-push whose range crosses the shallow boundary routes, says the history is shallow, and writes the hand-off")
    func pushAcrossShallowBoundary() throws {
        let clone = try shallowClone(depth: 3)
        // A new remote has none of this history, so the pushed range is everything the clone has.
        let mirror = try sandbox.repository("mirror.git", bare: true)
        try mirror.git("config", "receive.shallowUpdate", "true")
        try clone.git("remote", "add", "mirror", mirror.path)
        try clone.git("checkout", "-q", "-b", "release/9")
        let head = try clone.commit("feat: ship it")
        let result = try EdgeCase.push(clone, ["mirror", "release/9"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("git-deploy: refs/heads/release/9 → staging"))
        #expect(result.stderr.contains("warning: the repository is shallow"))
        let values = try EdgeCase.sourced(in: clone.directory)
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_BRANCH"] == "release/9")
        #expect(values["DEPLOYMENT_COMMIT"] == head)
        #expect(values["DEPLOYMENT_OPTIONS"] == "")
        #expect(try mirror.revParse("refs/heads/release/9") == head)
    }

    @Test("a push whose range stays inside the fetched history says nothing about shallowness")
    func pushInsideShallowHistory() throws {
        let clone = try shallowClone(depth: 3)
        try clone.git("checkout", "-q", "-b", "release/10")
        let head = try clone.commit("feat: small")
        let result = try EdgeCase.push(clone, ["origin", "release/10"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("git-deploy: refs/heads/release/10 → staging"))
        #expect(!result.stderr.contains("the repository is shallow"))
        #expect(!result.stderr.contains("warning:"))
        #expect(try EdgeCase.sourced(in: clone.directory)["DEPLOYMENT_COMMIT"] == head)
        #expect(try origin.revParse("refs/heads/release/10") == head)
    }
}
