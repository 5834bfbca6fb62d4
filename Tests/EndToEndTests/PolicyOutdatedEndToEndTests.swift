import Foundation
import Testing
import TestSupport

/// Outdated deployments (issue 14, item 4; GitLab's "prevent outdated deployment jobs"):
/// deploying a commit that is a strict ancestor of what the environment runs now is blocked with
/// exit 3 (gate `outdated`), unless it is a rollback or `--allow-outdated` is given. Before it,
/// deploying an older commit over a newer one succeeded without a word.
@Suite("policy: outdated deployments", .tags(.endToEnd))
struct PolicyOutdatedEndToEndTests {
    /// A repository whose dev runs `second`, a child of `first`.
    static func deployedSecond() throws -> (Sandbox, TestRepository, first: String, second: String) {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let first = try repo.commit("feat: first change")
        let second = try repo.commit("feat: second change")
        let deploy = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        guard deploy.status == 0 else { throw CommandFailed(command: "git deploy dev --yes", result: deploy) }
        return (sandbox, repo, first, second)
    }

    @Test("deploying an ancestor of the running deployment is blocked with exit 3, naming both commits and the way on")
    func olderCommitIsBlocked() throws {
        let (sandbox, repo, first, second) = try Self.deployedSecond()
        defer { withExtendedLifetime(sandbox) {} }
        try repo.git("checkout", "-q", "--detach", first)
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        let message = "error: blocked by outdated: \(first.prefix(7)) \"feat: first change\" is older than \(second.prefix(7)) \"feat: second change\", which dev runs now (deploy-"
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains("Deploy a newer commit, roll back on purpose (git deploy rollback dev --to \(first.prefix(7))), or pass --allow-outdated"))
        #expect(!run.stdout.contains("[dispatch] running"))

        let json = try GitDeployBinary.json(try GitDeployBinary.run(["dev", "--yes", "--format", "json"], in: repo.directory))
        let gates = try #require(json["gates"] as? [[String: Any]])
        #expect(gates.contains { $0["gate"] as? String == "outdated" && $0["status"] as? String == "fail" })
        #expect(json["exit_code"] as? Int == 3)
    }

    @Test("redeploying the running commit is not outdated")
    func sameCommitRedeploys() throws {
        let (sandbox, repo, _, second) = try Self.deployedSecond()
        defer { withExtendedLifetime(sandbox) {} }
        let json = try GitDeployBinary.json(try GitDeployBinary.run(["dev", "--yes", "--format", "json"], in: repo.directory))
        #expect(json["status"] as? String == "succeeded")
        let gates = try #require(json["gates"] as? [[String: Any]])
        #expect(gates.contains { $0["gate"] as? String == "outdated" && $0["status"] as? String == "pass"
            && ($0["reason"] as? String)?.contains("\(second.prefix(7)) \"feat: second change\" is what dev runs now (a redeploy)") == true })
    }

    @Test("--allow-outdated deploys it with a warning; a rollback to it is not blocked")
    func allowOutdatedAndRollback() throws {
        let (sandbox, repo, first, second) = try Self.deployedSecond()
        defer { withExtendedLifetime(sandbox) {} }
        let rollback = try GitDeployBinary.run(["rollback", "dev", "--to", first, "--yes"], in: repo.directory)
        #expect(rollback.status == 0, "\(rollback.output)")
        #expect(rollback.stdout.contains("[dispatch] running rollback-system"))

        // dev runs `first` now: `second` is newer, not outdated; back to it, then forward-deploy `first` on purpose.
        #expect(try GitDeployBinary.run(["dev", "--yes"], in: repo.directory).status == 0)
        try repo.git("checkout", "-q", "--detach", first)
        let allowed = try GitDeployBinary.run(["dev", "--yes", "--allow-outdated"], in: repo.directory)
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(allowed.stdout.contains("[gates] warn: outdated: \(first.prefix(7)) \"feat: first change\" is older than \(second.prefix(7)) \"feat: second change\""))
        #expect(allowed.stdout.contains("deployed anyway (--allow-outdated)"))
    }

    @Test("a commit on another line of history is not outdated")
    func divergedCommitIsNotOutdated() throws {
        let (sandbox, repo, first, _) = try Self.deployedSecond()
        defer { withExtendedLifetime(sandbox) {} }
        try repo.git("checkout", "-q", "-b", "topic", first)
        try repo.commit("fix: on a topic line")
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test("commit subjects in the message are escaped")
    func hostileSubjects() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let first = try repo.commit("feat: \u{1b}]8;;http://evil\u{07}click\u{1b}[2J")
        try repo.commit("feat: newer")
        #expect(try GitDeployBinary.run(["dev", "--yes"], in: repo.directory).status == 0)
        try repo.git("checkout", "-q", "--detach", first)
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.stderr.contains(#""feat: \e]8;;http://evil\u{7}click\e[2J" is older than"#), "\(run.stderr)")
        #expect(!run.output.contains("\u{1b}"))
    }

    /// The gate reads the history after the lock is taken. Here the waiting run planned while dev
    /// still ran `base`, of which its commit is a descendant; the holder then recorded `newer`, a
    /// descendant of the waiting run's commit. Checked at plan time, the waiting run would have
    /// passed and taken dev backwards once the holder was done.
    @Test("a run that waited for the lock is checked against what the holder just deployed")
    func checkedUnderTheLock() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        _ = try repo.commit("feat: base")
        #expect(try GitDeployBinary.run(["dev", "--yes"], in: repo.directory).status == 0)
        let older = try repo.commit("feat: older")
        let newer = try repo.commit("feat: newer")
        try repo.git("worktree", "add", "-q", "--detach", sandbox.url("linked").path, older)

        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        let waiter = try HoldingRun(["dev", "--yes"], in: sandbox.url("linked"), scratch: sandbox.url("waiter"))
        try waiter.waitForOutput("[lock] waiting for dev")
        #expect(holder.finish().status == 0)
        let waited = waiter.finish()
        #expect(waited.status == 3, "\(waited.output)")
        #expect(waited.output.contains("blocked by outdated: \(older.prefix(7)) \"feat: older\" is older than \(newer.prefix(7)) \"feat: newer\""))
    }
}
