import Foundation
import Testing
import TestSupport

/// `auto-dispatch` (issue 14, item 6): after a real `git pull` or `git merge` in a clone with the
/// installed hooks, an environment with `auto-dispatch: true` is deployed as `git deploy ENV`
/// would (its handler runs and logs its environment to a file outside the repository); a failing
/// handler never fails the merge; a high-safety environment is deployed only with `confirmed`.
@Suite("policy: auto-dispatch deploys after a merge or pull, end to end", .tags(.endToEnd))
struct PolicyAutoDispatchEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    /// Where new commits come from (no hooks installed).
    let upstream: TestRepository
    /// The clone with git-deploy's hooks that pulls them.
    let work: TestRepository
    /// Where the handler writes `env` (outside both work trees, so they stay clean).
    let logs: URL

    init() throws {
        (sandbox, remote, upstream, work) = try Sandbox.withHookedClone()
        logs = sandbox.url("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    }

    /// A policy with `auto-dispatch` set for `environment` and a handler (for every target) that
    /// logs its environment to `logs/<env>.log`, or fails when `failing`.
    func policy(_ environment: String, autoDispatch: String, failing: Bool = false, settings: String = "") -> String {
        let script = failing ? "echo 'handler: boom' >&2; exit 7" : "env | sort > '\(logs.path)/'\"$DEPLOY_ENVIRONMENT\".log"
        let handler = "    run: [\"/bin/sh\", \"-c\", \"\(script.replacingOccurrences(of: "\"", with: "\\\""))\"]\n"
        return "environments:\n  \(environment):\n    auto-dispatch: \(autoDispatch)\n\(settings)targets:\n"
            + ["direct-deployment", "release-workflow"].map { "  \($0):\n" + handler }.joined()
    }

    /// Starts `branch` upstream with the policy and checks it out in the work clone.
    func track(_ branch: String, policy: String) throws {
        try upstream.git("checkout", "-q", "-b", branch)
        try upstream.commit("chore: policy", files: [".deploy.yml": policy])
        try upstream.git("push", "-q", "origin", branch)
        try work.git("fetch", "-q")
        try work.git("checkout", "-q", "-b", branch, "origin/\(branch)")
    }

    /// Commits upstream on the current branch and pushes it; returns the commit.
    func publish(_ message: String, files: [String: String]) throws -> String {
        let commit = try upstream.commit(message, files: files)
        try upstream.git("push", "-q", "origin", "HEAD")
        return commit
    }

    func git(_ arguments: String...) throws -> ProcessResult {
        try work.tryGit(Array(arguments), environment: GitDeployBinary.hookEnvironment)
    }

    /// `git pull --ff-only` in the work clone; the pull itself must succeed whatever the deployment did.
    func pull() throws -> ProcessResult {
        let pull = try git("pull", "-q", "--ff-only")
        #expect(pull.status == 0, "\(pull.stderr)")
        return pull
    }

    func log(_ environment: String) -> String? {
        try? String(contentsOf: logs.appendingPathComponent("\(environment).log"), encoding: .utf8)
    }

    @Test("git pull on develop with auto-dispatch: true runs the handler as git deploy dev would, streams its output, records it and hands off ready")
    func pullDeploysDev() throws {
        try track("develop", policy: policy("dev", autoDispatch: "true"))
        let arrived = try publish("feat: add a table", files: ["db/migrations/001.sql": "create table t();\n"])
        let pull = try pull()
        #expect(pull.stderr.contains("auto-dispatch: true: running git deploy dev"), "\(pull.stderr)")
        #expect(pull.stderr.contains("[dispatch] running direct-deployment"), "\(pull.stderr)")
        let env = try #require(log("dev"), "the handler did not run: \(pull.stderr)")
        #expect(env.contains("DEPLOY_ENVIRONMENT=dev\n"))
        #expect(env.contains("DEPLOY_COMMIT=\(arrived)\n"))
        #expect(env.contains("DEPLOY_OPTIONS=--database-migration\n"))
        #expect(try work.read(".deployment_config").contains("DEPLOYMENT_STATUS='ready'\n"))
        let history = try GitDeployBinary.json(try GitDeployBinary.run(["status", "--format", "json"], in: work.directory))
        let rows = try #require(history["environments"] as? [[String: Any]])
        #expect(rows.first { $0["environment"] as? String == "dev" }?["commit"] as? String == arrived)
    }

    @Test("a real git merge of a local branch into develop dispatches too")
    func localMergeDeploys() throws {
        try track("develop", policy: policy("dev", autoDispatch: "true"))
        try work.git("checkout", "-q", "-b", "feature/x")
        try work.commit("feat: x", files: ["src/x.txt": "x\n"])
        try work.git("checkout", "-q", "develop")
        try work.commit("docs: y", files: ["docs/y.md": "y\n"])
        let merge = try git("merge", "-q", "--no-edit", "feature/x")
        #expect(merge.status == 0, "\(merge.stderr)")
        let env = try #require(log("dev"), "the handler did not run: \(merge.stderr)")
        #expect(env.contains("DEPLOY_COMMIT=\(try work.head())\n"))
    }

    @Test("git pull --rebase over a local commit (post-rewrite) dispatches too, once")
    func pullRebaseDeploys() throws {
        try track("develop", policy: policy("dev", autoDispatch: "true"))
        _ = try publish("feat: upstream", files: ["src/u.txt": "u\n"])
        try work.commit("docs: local", files: ["docs/l.md": "l\n"])
        let pull = try git("-c", "pull.rebase=true", "pull", "-q")
        #expect(pull.status == 0, "\(pull.stderr)")
        let env = try #require(log("dev"), "the handler did not run: \(pull.stderr)")
        #expect(env.contains("DEPLOY_COMMIT=\(try work.head())\n"))
        #expect(pull.stderr.components(separatedBy: "running git deploy dev").count == 2, "\(pull.stderr)")
    }

    @Test("a failing handler does not fail the pull: the merge is done, the failure is printed plainly (exit 4's meaning)")
    func failingHandlerDoesNotFailThePull() throws {
        try track("develop", policy: policy("dev", autoDispatch: "true", failing: true))
        let arrived = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(try work.head() == arrived)
        #expect(pull.stderr.contains("handler: boom"), "\(pull.stderr)")
        #expect(pull.stderr.contains("auto-dispatch FAILED"), "\(pull.stderr)")
        #expect(pull.stderr.contains("exited 4 (the handler or backup failed); the merge itself is done"), "\(pull.stderr)")
    }

    @Test("auto-dispatch into a freeze: the pull succeeds, the block is printed (exit 3's meaning), the hand-off says blocked, no handler runs")
    func frozenAutoDispatchIsBlocked() throws {
        let freeze = "    freeze:\n      - {from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\"}\n"
        try track("main-line", policy: "refs:\n  - branch: main-line\n    environment: staging\n" + policy("staging", autoDispatch: "true", settings: freeze))
        _ = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(log("staging") == nil, "the handler ran inside a freeze")
        #expect(pull.stderr.contains("error: blocked by freeze"), "\(pull.stderr)")
        #expect(pull.stderr.contains("exited 3 (blocked by a gate); the merge itself is done"), "\(pull.stderr)")
        let handoff = try work.read(".deployment_config")
        #expect(handoff.contains("DEPLOYMENT_STATUS='blocked'\n") && handoff.contains("DEPLOYMENT_BLOCKED_BY='freeze'\n"), "\(handoff)")
    }

    @Test("prod with auto-dispatch: true does not deploy, and says why and how")
    func prodTrueDoesNotDeploy() throws {
        try track("production", policy: policy("prod", autoDispatch: "true"))
        _ = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(log("prod") == nil, "the prod handler ran")
        #expect(pull.stderr.contains("auto-dispatch: true does not deploy prod (safety high)"), "\(pull.stderr)")
        #expect(pull.stderr.contains("auto-dispatch: confirmed"), "\(pull.stderr)")
        #expect(try work.read(".deployment_config").contains("DEPLOYMENT_ENVIRONMENT='prod'\n"))
    }

    @Test("prod with auto-dispatch: confirmed on the default branch deploys, as git deploy prod --yes")
    func prodConfirmedDeploys() throws {
        // `confirmed` stands in for a person's --yes, so it counts only from the default branch's policy.
        try upstream.commit("chore: policy", files: [".deploy.yml": policy("prod", autoDispatch: "confirmed")])
        try upstream.git("push", "-q", "origin", "HEAD")
        try work.git("pull", "-q", "--ff-only")
        try track("production", policy: policy("prod", autoDispatch: "confirmed") + "# the production line\n")
        let arrived = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(pull.stderr.contains("running git deploy prod --yes"), "\(pull.stderr)")
        let env = try #require(log("prod"), "the prod handler did not run: \(pull.stderr)")
        #expect(env.contains("DEPLOY_COMMIT=\(arrived)\n"))
        #expect(env.contains("DEPLOY_SAFETY_LEVEL=high\n"))
    }

    @Test("confirmed only on the deployed branch is not trusted: the default branch's policy applies, with a warning, and prod is not deployed")
    func prodConfirmedOnBranchOnly() throws {
        try track("production", policy: policy("prod", autoDispatch: "confirmed"))
        _ = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(log("prod") == nil, "the prod handler ran on a branch's own confirmation")
        #expect(pull.stderr.contains("environments.prod.auto-dispatch: the deployed .deploy.yml would loosen the policy (confirmed"), "\(pull.stderr)")
        #expect(!pull.stderr.contains("running git deploy prod --yes"), "\(pull.stderr)")
    }

    @Test("without auto-dispatch the pull only routes (no handler, no hint), as before")
    func offOnlyRoutes() throws {
        try track("develop", policy: policy("dev", autoDispatch: "false"))
        _ = try publish("feat: change", files: ["src/a.txt": "a\n"])
        let pull = try pull()
        #expect(log("dev") == nil)
        #expect(pull.stderr.contains("git-deploy: develop → dev (safety low) via direct-deployment; wrote"), "\(pull.stderr)")
        #expect(!pull.stderr.contains("auto-dispatch"), "\(pull.stderr)")
    }

    @Test("auto-dispatch takes true, false or confirmed; anything else is an error naming the line")
    func badValue() throws {
        try upstream.commit("chore: policy", files: [".deploy.yml": "environments:\n  dev:\n    auto-dispatch: yes-please\n"])
        let result = try GitDeployBinary.run(["config"], in: upstream.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml:3"), "\(result.stderr)")
        #expect(result.stderr.contains("expected true, false or confirmed, found 'yes-please'"), "\(result.stderr)")
    }
}
