import Foundation
import Testing
import TestSupport

/// Every way `git pull` (and a squash merge) updates a branch is routed exactly once (issue 18):
/// a real clone with `git deploy install` pulls from a local bare remote that a second clone
/// pushes to, and each test counts the routing lines and reads the hand-off back.
@Suite("branch updates: pull --rebase, --ff-only, merge and squash merges route once, end to end", .tags(.endToEnd))
struct BranchUpdateEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    /// Where the new commits come from (no hooks installed).
    let upstream: TestRepository
    /// The clone with git-deploy's hooks that pulls them.
    let work: TestRepository

    init() throws {
        (sandbox, remote, upstream, work) = try Sandbox.withHookedClone()
    }

    /// Commits `files` upstream and pushes them; returns the new upstream commit.
    @discardableResult
    func publish(_ message: String, files: [String: String], branch: String = "main") throws -> String {
        let commit = try upstream.commit(message, files: files)
        try upstream.git("push", "-q", "origin", "HEAD:refs/heads/\(branch)")
        return commit
    }

    /// Runs `git ARGS` in the work clone with git-deploy on PATH, as its hooks find it.
    func git(_ arguments: String..., config: [String] = []) throws -> ProcessResult {
        let result = try work.tryGit(config.flatMap { ["-c", $0] } + arguments, environment: GitDeployBinary.hookEnvironment)
        #expect(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// The hooks' routing lines ("git-deploy: main → staging … wrote …").
    func routingLines(_ result: ProcessResult) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("git-deploy: main → ") }
    }

    /// `.deployment_config` read back as KEY → value (values in these tests hold no quote).
    func handoff() throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try work.read(".deployment_config").split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        return values
    }

    @Test("pull --rebase with nothing local to replay: Git fast-forwards and runs post-merge only; one route, the arrived migration inferred")
    func pullRebaseWithoutLocalCommits() throws {
        let arrived = try publish("feat: add a table", files: ["db/migrations/001.sql": "create table t();\n"])
        let pull = try git("pull", "-q", config: ["pull.rebase=true"])
        #expect(routingLines(pull).count == 1, "\(pull.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_COMMIT"] == arrived)
        #expect(values["DEPLOYMENT_BRANCH"] == "main")
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_OPTIONS"] == "--database-migration")
        #expect(try work.git("status", "--porcelain").isEmpty)
    }

    @Test("pull --rebase with local commits: post-rewrite routes the rebased tip once, with the options of the arrived commits only",
          arguments: ["merge", "apply"])
    func pullRebaseWithLocalCommits(backend: String) throws {
        let arrived = try publish("feat: add a table", files: ["db/migrations/001.sql": "create table t();\n"])
        // A local commit that alone would imply --external-integrations: it is replayed, not arrived.
        try work.commit("feat: local webhook", files: ["webhooks/local.txt": "local\n"])
        let pull = try git("pull", "-q", config: ["pull.rebase=true", "rebase.backend=\(backend)"])
        #expect(routingLines(pull).count == 1, "\(pull.stderr)")
        let tip = try work.head()
        #expect(try work.revParse("HEAD~1") == arrived)
        let values = try handoff()
        #expect(values["DEPLOYMENT_COMMIT"] == tip)
        #expect(values["DEPLOYMENT_BRANCH"] == "main")
        #expect(values["DEPLOYMENT_OPTIONS"] == "--database-migration")
        #expect(try work.git("status", "--porcelain").isEmpty)
    }

    @Test("a rebase that brings nothing (git rebase -i in place) and an amend route nothing")
    func localRewritesRouteNothing() throws {
        try work.commit("feat: one", files: ["a.txt": "a\n"])
        try work.commit("feat: two", files: ["b.txt": "b\n"])
        let rebase = try git("rebase", "-q", "-i", "--force-rebase", "HEAD~2", config: ["sequence.editor=true"])
        #expect(!rebase.stderr.contains("git-deploy"), "\(rebase.stderr)")
        let amend = try git("commit", "-q", "--amend", "-m", "feat: two, amended")
        #expect(!amend.stderr.contains("git-deploy"), "\(amend.stderr)")
        #expect(!work.exists(".deployment_config"))
    }

    @Test("pull --ff-only routes once, with ORIG_HEAD..HEAD")
    func pullFastForwardOnly() throws {
        try publish("feat: first", files: ["integrations/a.txt": "a\n"])
        let arrived = try publish("feat: second", files: ["src/b.txt": "b\n"])
        let pull = try git("pull", "-q", "--ff-only")
        #expect(routingLines(pull).count == 1, "\(pull.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_COMMIT"] == arrived)
        #expect(values["DEPLOYMENT_OPTIONS"] == "--external-integrations")
    }

    @Test("a merge pull over a local commit routes the merge commit once")
    func mergePull() throws {
        try publish("feat: add a table", files: ["db/migrations/001.sql": "create table t();\n"])
        try work.commit("docs: local", files: ["docs/local.md": "local\n"])
        let pull = try git("pull", "-q", "--no-rebase", "--no-edit")
        #expect(routingLines(pull).count == 1, "\(pull.stderr)")
        let merge = try work.head()
        #expect(try work.git("rev-list", "--parents", "-n1", "HEAD").split(separator: " ").count == 3)
        let values = try handoff()
        #expect(values["DEPLOYMENT_COMMIT"] == merge)
        #expect(values["DEPLOYMENT_OPTIONS"] == "--database-migration")
    }

    @Test("merge --squash routes nothing before the commit exists; after git commit, explain and the push route the squashed commit once")
    func squashMerge() throws {
        try publish("feat: add a table", files: ["db/migrations/001.sql": "create table t();\n"], branch: "feature/db")
        _ = try git("fetch", "-q")
        let before = try work.head()
        let squash = try git("merge", "-q", "--squash", "origin/feature/db")
        // Git runs post-merge with SQUASH=1 while HEAD is still the commit from before.
        #expect(routingLines(squash).isEmpty, "\(squash.stderr)")
        let notice = squash.stderr.split(separator: "\n").filter { $0.hasPrefix("git-deploy:") }
        #expect(notice.count == 1 && notice[0].contains("squash merge is staged, not committed"), "\(squash.stderr)")
        #expect(!work.exists(".deployment_config"))
        #expect(try work.head() == before)

        let commit = try git("commit", "-q", "-m", "feat: add a table (squashed)")
        #expect(!commit.stderr.contains("git-deploy"), "\(commit.stderr)")
        let squashed = try work.head()

        let explain = try GitDeployBinary.run(["explain", "--format", "dotenv"], in: work.directory)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("DEPLOYMENT_COMMIT=\(squashed)\n"))
        #expect(explain.stdout.contains("DEPLOYMENT_OPTIONS=--database-migration\n"))

        let push = try git("push", "-q", "origin", "main")
        let routed = push.stderr.split(separator: "\n").filter { $0.hasPrefix("git-deploy: refs/heads/main → ") }
        #expect(routed.count == 1, "\(push.stderr)")
        let values = try handoff()
        #expect(values["DEPLOYMENT_COMMIT"] == squashed)
        #expect(values["DEPLOYMENT_OPTIONS"] == "--database-migration")
        #expect(try work.git("status", "--porcelain").isEmpty)
    }

    @Test("a bad key in .deploy.yml during a hook is reported once, as error: with file:line, whatever updated the branch",
          arguments: [["pull.rebase=true"], ["pull.rebase=false"]])
    func configurationErrorOnce(config: [String]) throws {
        try publish("chore: configure", files: [".deploy.yml": "environments:\n  staging:\n    saftey: high\n"])
        try work.commit("feat: local", files: ["local.txt": "local\n"])
        let pull = try git("pull", "-q", "--no-edit", config: config)
        let mentions = pull.stderr.components(separatedBy: ".deploy.yml:3").count - 1
        #expect(mentions == 1, "\(pull.stderr)")
        #expect(pull.stderr.contains("error: .deploy.yml:3: environments.staging.saftey: unknown key 'saftey'"), "\(pull.stderr)")
        #expect(pull.stderr.contains("hint: known keys here"))
        #expect(!pull.stderr.contains("warning:"), "\(pull.stderr)")
        #expect(routingLines(pull).isEmpty)
    }
}
