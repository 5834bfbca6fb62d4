import Foundation
import Testing
import TestSupport

/// The hooks driven by real `git push` to a local bare remote, and by `git pull` (DESIGN §6, §8).
@Suite("hooks and .deployment_config, end to end", .tags(.endToEnd))
struct HookEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    let repo: TestRepository

    init() throws {
        (sandbox, remote, repo) = try Sandbox.withRemote()
        try repo.installHooks()
    }

    /// `git push ARGS` with git-deploy on PATH, as a user with it installed runs it.
    @discardableResult
    func push(_ arguments: String..., environment: [String: String] = [:], in repository: TestRepository? = nil) throws -> ProcessResult {
        var env = GitDeployBinary.hookEnvironment
        for (key, value) in environment { env[key] = value }
        return try (repository ?? repo).tryGit(["push"] + arguments, environment: env)
    }

    /// `.deployment_config` read back by a real shell, the way a deploy script uses it.
    func sourced(_ shell: String = "/bin/bash", in repository: TestRepository? = nil) throws -> [String: String] {
        let script = "set -e; . ./.deployment_config; for k in DEPLOYMENT_ID DEPLOYMENT_ENVIRONMENT DEPLOYMENT_TARGET DEPLOYMENT_BRANCH DEPLOYMENT_TAG DEPLOYMENT_COMMIT DEPLOYMENT_SAFETY_LEVEL RELEASE_VERSION; do eval \"v=\\$$k\"; printf '%s=%s\\0' \"$k\" \"$v\"; done"
        let result = try Runner.run(shell, ["-c", script], in: (repository ?? repo).directory)
        #expect(result.status == 0, "\(result.stderr)")
        var values: [String: String] = [:]
        for pair in result.stdout.split(separator: "\0") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return values
    }

    @Test("pushing main routes to staging, records branch and commit, and leaves git status clean")
    func pushMain() throws {
        let result = try push("-q", "origin", "main")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("refs/heads/main → staging"))
        let values = try sourced()
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_BRANCH"] == "main")
        #expect(values["DEPLOYMENT_COMMIT"] == (try repo.head()))
        #expect(values["DEPLOYMENT_ID"]?.hasPrefix("deploy-") == true)
        #expect(try repo.git("status", "--porcelain").isEmpty)
        let lines = try repo.read(".deployment_config").split(separator: "\n")
        #expect(lines.count == 29)  // with the rollback preparation, then DEPLOYMENT_STATUS … DEPLOYMENT_EMERGENCY_REASON
        #expect(lines.first?.hasPrefix("DEPLOYMENT_ID='deploy-") == true)
    }

    @Test("pushing feature/x routes nothing and writes no file")
    func pushFeatureBranch() throws {
        try repo.git("checkout", "-q", "-b", "feature/x")
        let result = try push("-q", "origin", "feature/x")
        #expect(result.status == 0)
        #expect(!repo.exists(".deployment_config"))
        #expect(!result.stderr.contains("git-deploy:"))
    }

    @Test("pushing an annotated tag v1.0.0 routes to prod and the release workflow, with the tag recorded")
    func pushReleaseTag() throws {
        try repo.git("tag", "-a", "v1.0.0", "-m", "release")
        let result = try push("-q", "origin", "v1.0.0")
        #expect(result.status == 0, "\(result.stderr)")
        let values = try sourced()
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "prod")
        #expect(values["DEPLOYMENT_TARGET"] == "release-workflow")
        #expect(values["DEPLOYMENT_TAG"] == "v1.0.0")
        #expect(values["RELEASE_VERSION"] == "1.0.0")
        #expect(try remote.git("tag").contains("v1.0.0"))
    }

    @Test("pushing release/2.0 routes to staging")
    func pushReleaseBranch() throws {
        try repo.git("checkout", "-q", "-b", "release/2.0")
        #expect(try push("-q", "origin", "release/2.0").status == 0)
        let values = try sourced()
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_BRANCH"] == "release/2.0")
    }

    @Test("a branch and a tag in one atomic push: the prod one is described, both are printed")
    func atomicPushDescribesProd() throws {
        try repo.git("checkout", "-q", "-b", "release/3.0")
        try repo.commit("feat: more")
        try repo.git("tag", "-a", "v3.0.0", "-m", "release")
        let result = try push("--atomic", "origin", "release/3.0", "v3.0.0")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("refs/heads/release/3.0 → staging"))
        #expect(result.stderr.contains("refs/tags/v3.0.0 → prod"))
        let values = try sourced()
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "prod")
        #expect(values["DEPLOYMENT_TAG"] == "v3.0.0")
    }

    @Test("deleting a remote branch routes nothing")
    func deleteRemoteBranch() throws {
        try repo.git("checkout", "-q", "-b", "release/9")
        #expect(try push("-q", "origin", "release/9").status == 0)
        let before = try repo.read(".deployment_config")
        let result = try push("-q", "origin", "--delete", "release/9")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.read(".deployment_config") == before)
        #expect(!result.stderr.contains("git-deploy:"))
    }

    @Test("a high-safety push whose release context disagrees with the tag is blocked (exit 3) and never reaches the remote")
    func blockedProdPush() throws {
        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=0.9.0\nRELEASE_MANAGER=ops\n"])
        try repo.git("tag", "-a", "v1.0.0", "-m", "release")
        let result = try push("origin", "v1.0.0")
        #expect(result.status != 0)
        #expect(result.stderr.contains("push blocked"))
        #expect(result.stderr.contains("release version 0.9.0 does not match tag v1.0.0"))
        #expect(try !remote.git("tag").contains("v1.0.0"))
        // The hook's own status is 3 (Git reports only that the hook failed).
        let hook = try GitDeployBinary.run(["hook", "pre-push", "origin", remote.path], in: repo.directory,
                                           stdin: "refs/tags/v1.0.0 \(try repo.revParse("v1.0.0")) refs/tags/v1.0.0 \(String(repeating: "0", count: 40))\n")
        #expect(hook.status == 3)
        // A failed check on a non-high environment only warns.
        try repo.git("checkout", "-q", "-b", "release/1.0")
        #expect(try push("-q", "origin", "release/1.0").status == 0)
    }

    @Test("GIT_DEPLOY_SKIP=1 and git push --no-verify skip the hook")
    func skipping() throws {
        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=0.9.0\n"])
        try repo.git("tag", "-a", "v1.0.0", "-m", "release")
        #expect(try push("-q", "origin", "v1.0.0", environment: ["GIT_DEPLOY_SKIP": "1"]).status == 0)
        try repo.git("tag", "-a", "v1.0.1", "-m", "release")
        #expect(try push("-q", "--no-verify", "origin", "v1.0.1").status == 0)
        #expect(!repo.exists(".deployment_config"))
    }

    @Test("without git-deploy on PATH the hook says so and lets the push through")
    func missingBinary() throws {
        let result = try repo.tryGit(["push", "-q", "origin", "main"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("git-deploy: not found on PATH"))
    }

    @Test("after git pull in a second clone, post-merge routes the branch and writes .deployment_config")
    func postMergeAfterPull() throws {
        #expect(try push("-q", "origin", "main").status == 0)
        let clone = TestRepository(sandbox.url("clone"))
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", remote.path, clone.path], in: sandbox.root)
        #expect(try GitDeployBinary.run(["install"], in: clone.directory).status == 0)
        try repo.commit("feat: migrate\n\nDeploy-Options: --bogus", files: ["db/migrations/001.sql": "create table t();\n"])
        #expect(try push("-q", "origin", "main").status == 0)
        let pull = try clone.tryGit(["pull", "-q", "--no-rebase", "origin", "main"], environment: GitDeployBinary.hookEnvironment)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("main → staging"))
        #expect(pull.stderr.contains("warning:") && pull.stderr.contains("'--bogus'"))
        let values = try sourced(in: clone)
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_COMMIT"] == (try repo.head()))
        #expect(try clone.read(".deployment_config").contains("DEPLOYMENT_OPTIONS='--database-migration'"))
    }

    @Test("core.hooksPath (relative) is where the hooks land, and they run from there")
    func hooksPath() throws {
        try repo.git("config", "core.hooksPath", ".githooks")
        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.status == 0)
        #expect(repo.exists(".githooks/pre-push"))
        #expect(repo.exists(".githooks/post-merge"))
        #expect(try push("-q", "origin", "main").status == 0)
        #expect(try sourced()["DEPLOYMENT_ENVIRONMENT"] == "staging")
    }

    @Test("a linked worktree shares the hooks and gets its own hand-off")
    func linkedWorktree() throws {
        let worktree = TestRepository(sandbox.url("wt"))
        try repo.git("worktree", "add", "-q", "-b", "release/7", worktree.path)
        let install = try GitDeployBinary.run(["install"], in: worktree.directory)
        #expect(install.stdout.contains("up to date"))
        #expect(try push("-q", "origin", "release/7", in: worktree).status == 0)
        #expect(try sourced(in: worktree)["DEPLOYMENT_BRANCH"] == "release/7")
        #expect(!repo.exists(".deployment_config"))
    }

    @Test("a foreign hook is kept: install refuses, --chain runs it first, uninstall restores it")
    func foreignHook() throws {
        _ = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        let hook = repo.directory.appendingPathComponent(".git/hooks/pre-push")
        let foreign = "#!/bin/sh\necho foreign-ran \"$1\" >> foreign.log\ncat >> foreign.log\nexit ${FOREIGN_STATUS:-0}\n"
        try Data(foreign.utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)

        let refused = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(hook.path))
        #expect(refused.stderr.contains("--chain"))
        #expect(try String(contentsOf: hook, encoding: .utf8) == foreign)

        let chained = try GitDeployBinary.run(["install", "--chain"], in: repo.directory)
        #expect(chained.status == 0, "\(chained.stderr)")
        #expect(try push("-q", "origin", "main").status == 0)
        let log = try repo.read("foreign.log")
        #expect(log.contains("foreign-ran origin"))
        #expect(log.contains("refs/heads/main"))
        #expect(try sourced()["DEPLOYMENT_ENVIRONMENT"] == "staging")

        try repo.git("checkout", "-q", "-b", "release/5")
        let failing = try push("origin", "release/5", environment: ["FOREIGN_STATUS": "1"])
        #expect(failing.status != 0)
        #expect(try !remote.git("branch").contains("release/5"))

        let uninstall = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(uninstall.status == 0)
        #expect(try String(contentsOf: hook, encoding: .utf8) == foreign)
        #expect(!repo.exists(".git/hooks/pre-push.local"))
        #expect(!repo.exists(".git/hooks/post-merge"))
    }

    @Test("installed hooks are byte for byte the project's hooks/ files, and an older version of ours is upgraded")
    func installedBytes() throws {
        let projectHooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hooks")
        for name in ["pre-push", "post-merge"] {
            let installed = try Data(contentsOf: repo.directory.appendingPathComponent(".git/hooks/\(name)"))
            #expect(installed == (try Data(contentsOf: projectHooks.appendingPathComponent(name))), "\(name)")
        }
        let hook = repo.directory.appendingPathComponent(".git/hooks/pre-push")
        try Data("#!/bin/sh\nexec git-deploy hook pre-push \"$@\"\n".utf8).write(to: hook)
        let upgrade = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(upgrade.stdout.contains("upgraded"))
        #expect(try Data(contentsOf: hook) == (try Data(contentsOf: projectHooks.appendingPathComponent("pre-push"))))
        let exclude = try repo.read(".git/info/exclude")
        #expect(exclude.components(separatedBy: "/.deployment_config").count == 2)
    }

    @Test("hostile branch names round-trip exactly through source in bash and dash, and nothing runs", arguments: [
        "release/$(touch${IFS}pwned)",
        "release/`touch${IFS}pwned`",
        "release/it's-\"quoted\"",
        "release/a;touch${IFS}pwned;b",
        "release/$HOME",
        "release/ünïcødé-🚀",
        "release/{braces}&&|pipes|<>",
    ])
    func hostileBranchNames(name: String) throws {
        try repo.git("checkout", "-q", "-b", name)
        let result = try push("-q", "origin", name)
        #expect(result.status == 0, "\(result.stderr)")
        for shell in ["/bin/bash", "/bin/dash"] where FileManager.default.fileExists(atPath: shell) {
            let values = try sourced(shell)
            #expect(values["DEPLOYMENT_BRANCH"] == name, "\(shell)")
        }
        #expect(!repo.exists("pwned"))
        #expect(!sandbox.root.appendingPathComponent("pwned").path.isEmpty && !FileManager.default.fileExists(atPath: sandbox.url("pwned").path))
    }

    @Test("explain --format github-output and dotenv carry the hand-off keys")
    func ciFormats() throws {
        let github = try GitDeployBinary.run(["explain", "--format", "github-output"], in: repo.directory)
        #expect(github.status == 0)
        #expect(github.stdout.contains("DEPLOYMENT_ENVIRONMENT=staging\n"))
        #expect(github.stdout.contains("DEPLOYMENT_TARGET=direct-deployment\n"))
        let dotenv = try GitDeployBinary.run(["explain", "--format", "dotenv"], in: repo.directory)
        #expect(dotenv.status == 0)
        let lines = dotenv.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 29)  // with the rollback preparation, then DEPLOYMENT_STATUS … DEPLOYMENT_EMERGENCY_REASON
        #expect(lines.allSatisfy { $0.range(of: "^[A-Z_]+=[^\n]*$", options: .regularExpression) != nil })
        #expect(!dotenv.stdout.contains("'"))
    }
}
