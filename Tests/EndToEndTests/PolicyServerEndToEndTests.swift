import Foundation
import Testing
import TestSupport

/// Issue 14 item 5: `git deploy install --server` puts a pre-receive hook into the bare repository
/// pushes land in. Client hooks can be skipped; this one rejects the whole push when a ref bound
/// for a high-safety environment fails the default branch's policy, whatever the client did.
@Suite("policy: server-side enforcement with pre-receive", .tags(.endToEnd))
struct PolicyServerEndToEndTests {
    let sandbox: Sandbox
    let server: TestRepository
    let work: TestRepository

    static let frozenProd = "environments:\n  prod:\n    freeze:\n      - {from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\"}\n"

    init() throws {
        sandbox = try Sandbox()
        server = try sandbox.repository("server.git", bare: true)
        let install = try GitDeployBinary.run(["install", "--server"], in: server.directory)
        #expect(install.status == 0, "\(install.output)")
        work = try sandbox.repository("work")
        try work.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try work.git("remote", "add", "origin", server.path)
        #expect(try push(["origin", "main"]).status == 0)
    }

    /// `git push` with git-deploy on PATH, as the server (a local bare repository) runs its hook.
    func push(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var variables = GitDeployBinary.hookEnvironment
        for (key, value) in environment { variables[key] = value }
        return try work.tryGit(["push"] + arguments, environment: variables)
    }

    func serverHas(_ ref: String) throws -> Bool {
        try server.tryGit(["rev-parse", "--verify", "-q", ref]).status == 0
    }

    func freezeProdOnMain() throws {
        try work.commit("chore: freeze prod", files: [".deploy.yml": Self.frozenProd])
        #expect(try push(["origin", "main"]).status == 0)
    }

    @Test("install --server writes pre-receive byte for byte as hooks/ has it, refuses a work tree, and uninstall removes it")
    func installAndUninstall() throws {
        let hook = try String(contentsOf: server.directory.appendingPathComponent("hooks/pre-receive"), encoding: .utf8)
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(hook == (try String(contentsOf: project.appendingPathComponent("hooks/pre-receive"), encoding: .utf8)))
        let again = try GitDeployBinary.run(["install", "--server"], in: server.directory)
        #expect(again.stdout.contains("up to date"), "\(again.output)")
        let client = try GitDeployBinary.run(["install", "--server"], in: work.directory)
        #expect(client.status == 2)
        #expect(client.stderr.contains("install --server is for the bare repository pushes land in"), "\(client.stderr)")
        let removed = try GitDeployBinary.run(["uninstall"], in: server.directory)
        #expect(removed.status == 0, "\(removed.output)")
        #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("hooks/pre-receive").path))
    }

    @Test("a release tag during main's freeze is rejected with the branch pushed beside it, also with --no-verify and GIT_DEPLOY_SKIP=1")
    func frozenPushIsRejected() throws {
        try freezeProdOnMain()
        let policy = String(try work.head().prefix(7))
        try work.git("tag", "-a", "v1.0.0", "-m", "release 1.0.0")
        try work.git("switch", "-q", "-c", "feature/x")
        try work.commit("feat: more")
        let result = try push(["--no-verify", "origin", "v1.0.0", "feature/x"], environment: ["GIT_DEPLOY_SKIP": "1"])
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("remote: git-deploy: refs/tags/v1.0.0 → prod: freeze: inside freeze \(policy):.deploy.yml:4"), "\(result.stderr)")
        #expect(result.stderr.contains("remote: git-deploy: push rejected: 1 ref bound for a high-safety environment failed the policy of main at \(policy)"), "\(result.stderr)")
        #expect(result.stderr.contains("[remote rejected] feature/x -> feature/x (pre-receive hook declined)"), "\(result.stderr)")
        // Atomic: neither ref reached the server.
        #expect(try !serverHas("refs/tags/v1.0.0"))
        #expect(try !serverHas("refs/heads/feature/x"))
    }

    @Test("a push that lifts main's freeze is checked against main's current tip, not the pushed one")
    func policyIsTheCurrentTip() throws {
        try freezeProdOnMain()
        try work.commit("chore: lift the freeze", files: [".deploy.yml": "environments:\n  prod: {}\n"])
        try work.git("tag", "v1.1.0")
        let result = try push(["--no-verify", "origin", "main", "v1.1.0"])
        #expect(result.status != 0, "\(result.output)")
        #expect(try !serverHas("refs/tags/v1.1.0"))
        // Once main's new policy has landed (on its own), the tag goes through.
        #expect(try push(["--no-verify", "origin", "main"]).status == 0)
        #expect(try push(["--no-verify", "origin", "v1.1.0"]).status == 0)
    }

    @Test("a push that would leave an unreadable .deploy.yml on the default branch is refused, so that the policy cannot lock the server")
    func unreadablePolicyIsRefused() throws {
        let broken = String(try work.commit("chore: typo", files: [".deploy.yml": "environments:\n  prod:\n    saftey: low\n"]).prefix(7))
        let refused = try push(["--no-verify", "origin", "main"])
        #expect(refused.status != 0, "\(refused.output)")
        #expect(refused.stderr.contains("remote: git-deploy: refs/heads/main → the policy: policy: \(broken):.deploy.yml:3: "), "\(refused.stderr)")
        try work.commit("chore: fixed", files: [".deploy.yml": "environments:\n  prod:\n    safety: high\n"])
        #expect(try push(["origin", "main"]).status == 0)
    }

    @Test("allowed-refs on the server: a prod branch that the policy's allow list refuses is rejected; staging branches pass")
    func allowedRefsOnServer() throws {
        try work.commit("chore: prod takes tags only", files: [".deploy.yml": "environments:\n  prod:\n    allow: [{tag: semver}]\n"])
        #expect(try push(["origin", "main"]).status == 0)
        let result = try push(["--no-verify", "origin", "main:prod", "main:release/1.0"])
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("refs/heads/prod → prod: allowed-refs: branch prod may not deploy to prod: it takes only tag semver"), "\(result.stderr)")
        #expect(try !serverHas("refs/heads/release/1.0"))
        #expect(try push(["--no-verify", "origin", "main:release/1.0"]).status == 0)
    }

    @Test("require-promotion-from reads the bare repository's notes: an annotated tag is rejected until staging succeeded with its commit")
    func promotionOnServer() throws {
        try work.commit("chore: promotion", files: [".deploy.yml": "environments:\n  prod:\n    require-promotion-from: staging\n"])
        #expect(try push(["origin", "main"]).status == 0)
        try work.git("tag", "-a", "v2.0.0", "-m", "release 2.0.0")
        let blocked = try push(["--no-verify", "origin", "v2.0.0"])
        #expect(blocked.status != 0, "\(blocked.output)")
        #expect(blocked.stderr.contains("refs/tags/v2.0.0 → prod: promotion: the commit has no successful deployment to staging"), "\(blocked.stderr)")
        let recorded = try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: work.directory)
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(try push(["origin", "refs/notes/deployments"]).status == 0)
        let passed = try push(["--no-verify", "origin", "v2.0.0"])
        #expect(passed.status == 0, "\(passed.output)")
    }

    @Test("policy.server-mode=warn accepts a failing push with the reasons as warnings; deleting a prod branch is never checked")
    func warnModeAndDeletion() throws {
        #expect(try push(["--no-verify", "origin", "main:prod"]).status == 0)
        try freezeProdOnMain()
        try server.git("config", "policy.server-mode", "warn")
        try work.git("tag", "v1.0.0")
        let warned = try push(["--no-verify", "origin", "v1.0.0"])
        #expect(warned.status == 0, "\(warned.output)")
        #expect(warned.stderr.contains("remote: git-deploy: warning: 1 ref failed the policy of main"), "\(warned.stderr)")
        #expect(try serverHas("refs/tags/v1.0.0"))
        try server.git("config", "policy.server-mode", "enforce")
        let deleted = try push(["--no-verify", "origin", ":prod"])
        #expect(deleted.status == 0, "\(deleted.output)")
        #expect(try !serverHas("refs/heads/prod"))
    }

    @Test("install --server --chain keeps an existing pre-receive and runs it first; when it fails the push is rejected")
    func chainedPreReceive() throws {
        let hooks = server.directory.appendingPathComponent("hooks")
        try FileManager.default.removeItem(at: hooks.appendingPathComponent("pre-receive"))
        try Data("#!/bin/sh\ncat > \"$GIT_DIR/chained-input\"\nexit ${CHAINED_STATUS:-0}\n".utf8).write(to: hooks.appendingPathComponent("pre-receive"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hooks.appendingPathComponent("pre-receive").path)
        let refused = try GitDeployBinary.run(["install", "--server"], in: server.directory)
        #expect(refused.status == 2, "\(refused.output)")
        let chained = try GitDeployBinary.run(["install", "--server", "--chain"], in: server.directory)
        #expect(chained.status == 0, "\(chained.output)")
        try work.commit("feat: next")
        #expect(try push(["origin", "main"]).status == 0)
        let input = try String(contentsOf: server.directory.appendingPathComponent("chained-input"), encoding: .utf8)
        #expect(input.hasSuffix(" refs/heads/main\n"), "\(input)")
        try work.commit("feat: after")
        let failed = try push(["origin", "main"], environment: ["CHAINED_STATUS": "7"])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("the chained pre-receive hook failed with status 7"), "\(failed.stderr)")
    }

    @Test("10,000 release tags in one push during a freeze: rejected as a whole, 20 refs named and the rest counted")
    func tenThousandRefs() throws {
        try freezeProdOnMain()
        let head = try work.head()
        let lines = (0..<10_000).map { "create refs/tags/v3.\($0 / 100).\($0 % 100) \(head)" }.joined(separator: "\n") + "\n"
        try work.git(["update-ref", "--stdin"], stdin: lines)
        let started = Date()
        let result = try push(["--no-verify", "-q", "origin", "--tags"])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status != 0, "\(result.stderr.prefix(2000))")
        #expect(result.stderr.contains("remote: git-deploy: … and 9980 more refs failed the same way"), "\(result.stderr.suffix(2000))")
        #expect(result.stderr.contains("push rejected: 10000 refs bound for a high-safety environment failed"), "\(result.stderr.suffix(2000))")
        #expect(try !serverHas("refs/tags/v3.0.0"))
        // The hook alone, on the same 10,000 lines (for the notes; not asserted).
        let zero = String(repeating: "0", count: 40)
        let input = (0..<10_000).map { "\(zero) \(head) refs/tags/v3.\($0 / 100).\($0 % 100)" }.joined(separator: "\n") + "\n"
        let hookStarted = Date()
        let hook = try GitDeployBinary.run(["hook", "pre-receive"], in: server.directory, environment: ["GIT_DIR": server.path], stdin: input)
        let hookSeconds = Date().timeIntervalSince(hookStarted)
        #expect(hook.status == 3, "\(hook.stderr.suffix(500))")
        print("pre-receive 10,000 refs: whole push \(String(format: "%.2f", seconds)) s, hook alone \(String(format: "%.3f", hookSeconds)) s")
    }
}
