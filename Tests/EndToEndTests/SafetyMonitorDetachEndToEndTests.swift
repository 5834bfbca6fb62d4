import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// `--monitor detach` (README "Deploying"): the window runs in a background process that
/// outlives `git deploy`, writes its outcome into the same history entry, and can be followed
/// with `git deploy status --watch`.
@Suite("safety net: the detached monitoring window", .tags(.endToEnd))
struct SafetyMonitorDetachEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func configure(_ server: FlippingHealthServer, duration: String, marker: String = "/dev/null") throws {
        try repo.commit("chore: config", files: [".deploy.yml": monitoredDeployConfig(server, duration: duration, marker: marker)])
    }

    @Test("a detached window outlives the command, which exits 0 at once; its outcome lands in the same entry")
    func detachedWindowPasses() throws {
        let server = try FlippingHealthServer()
        try configure(server, duration: "2s")
        let result = try GitDeployBinary.run(["dev", "--monitor", "detach"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[monitor] the 2.0s window runs in the background (pid "), "\(result.stdout)")
        #expect(result.stdout.contains("follow it with: git deploy status --watch"), "\(result.stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        // The command is over; the window is not: the entry says so.
        let first = try MonitorHistory.entry(id, "dev", in: repo)
        #expect(first?["status"] as? String == "succeeded")
        #expect(MonitorHistory.monitorOutcome(first) == "detached")

        var last: [String: Any]?
        let ended = try MonitorHistory.eventually(within: 30) {
            last = try MonitorHistory.entry(id, "dev", in: repo)
            return MonitorHistory.monitorOutcome(last) == "passed"
        }
        #expect(ended, "\(String(describing: last))")
        #expect(last?["status"] as? String == "succeeded")
        let log = try String(contentsOfFile: repo.path + "/.git/deploy/monitor/\(id).log", encoding: .utf8)
        #expect(log.contains("[record] \(id) recorded as succeeded, monitor passed"), "\(log)")
        #expect(try MonitorHistory.entries("dev", in: repo).count == 1, "the outcome rewrote the entry, it did not add one")
    }

    @Test("status --watch follows a detached window that turns unhealthy: exit 5; the background process rolled back")
    func watchFollowsFailure() throws {
        let marker = sandbox.url("recovered").path
        // 1 verifies the first deployment, 2 the second, 3–10 are its first rounds (2.4 s for
        // status --watch to start following before the window fails).
        let server = try FlippingHealthServer(healthyRequests: 10, recoveredMarker: marker)
        try configure(server, duration: "30s", marker: marker)
        #expect(try GitDeployBinary.run(["dev", "--monitor", "off"], in: repo.directory).status == 0)
        let good = try repo.head()
        try repo.commit("feat: the release that degrades")
        let result = try GitDeployBinary.run(["dev", "--monitor", "detach"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))

        let watch = try GitDeployBinary.run(["status", "--watch"], in: repo.directory)
        #expect(watch.status == 5, "\(watch.output)")
        #expect(watch.stdout.contains("[monitor] following \(id) (dev), monitor detached"), "\(watch.stdout)")
        #expect(watch.stdout.contains("\(id) (dev): monitoring failed: probe health (application) failed 1 round in a row"), "\(watch.stdout)")
        #expect(watch.stdout.contains("the deployment is rolled-back"), "\(watch.stdout)")

        let entries = try MonitorHistory.entries("dev", in: repo)
        let failed = try #require(entries.first { $0["id"] as? String == id })
        #expect(failed["status"] as? String == "rolled-back")
        let rollbackID = try #require((failed["monitor"] as? [String: Any])?["rollback_id"] as? String)
        let rollback = try #require(entries.first { $0["id"] as? String == rollbackID })
        #expect(rollback["commit"] as? String == good)
        #expect(rollback["status"] as? String == "succeeded")

        // Once it has ended, --watch reports the outcome at once.
        let again = try GitDeployBinary.run(["status", "--watch", "--env", "dev"], in: repo.directory)
        #expect(again.status == 5, "\(again.output)")
    }

    @Test("with records.require-signed, the detached process's rewrite of the entry is a signed notes commit")
    func detachedOutcomeIsSigned() throws {
        let server = try FlippingHealthServer()
        let key = sandbox.url("deployer").path
        #expect(try Runner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "deployer", "-f", key], in: sandbox.root).status == 0)
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try Data("committer@example.com \(publicKey)\n".utf8).write(to: sandbox.url("allowed_signers"))
        try repo.git("config", "gpg.format", "ssh")
        try repo.git("config", "user.signingkey", key)
        try repo.git("config", "gpg.ssh.allowedSignersFile", sandbox.url("allowed_signers").path)
        try repo.commit("chore: config", files: [".deploy.yml": monitoredDeployConfig(server, duration: "1s") + "\nrecords:\n  require-signed: true\n"])

        let result = try GitDeployBinary.run(["dev", "--monitor", "detach"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let ended = try MonitorHistory.eventually(within: 30) { MonitorHistory.monitorOutcome(try MonitorHistory.entry(id, "dev", in: repo)) == "passed" }
        #expect(ended)
        #expect(try repo.git("log", "-1", "--format=%s", "refs/notes/deployments").hasPrefix("git-deploy: update \(id)"))
        let verified = try repo.tryGit(["verify-commit", "refs/notes/deployments"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test("status --watch with no window in the history: exit 2 saying how to get one")
    func watchWithoutWindow() throws {
        let result = try GitDeployBinary.run(["status", "--watch"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: no deployment in the history has a monitoring window"), "\(result.stderr)")
        #expect(result.stderr.contains("hint: add verify.<env>.monitor to .deploy.yml"), "\(result.stderr)")
    }

    @Test("a detached monitor stopped with SIGTERM records monitor stopped and leaves the deployment succeeded")
    func detachedMonitorStopped() throws {
        let server = try FlippingHealthServer()
        try configure(server, duration: "1h")
        let result = try GitDeployBinary.run(["dev", "--monitor", "detach"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let pidText = try #require(result.stdout.firstRange(of: "(pid ").map { result.stdout[$0.upperBound...].prefix { $0.isNumber } })
        let pid = try #require(pid_t(pidText))
        // The background process is a session leader of its own: not our child, not in our group.
        #expect(getsid(pid) == pid, "it runs in a new session")
        let progress = repo.path + "/.git/deploy/monitor/\(id).progress.json"
        #expect(MonitorHistory.eventually(within: 30) { ((try? String(contentsOfFile: progress, encoding: .utf8)) ?? "").contains("\"rounds\"") })
        let status = try GitDeployBinary.run(["status"], in: repo.directory)
        #expect(status.stdout.contains("monitoring detached: git deploy status --watch"), "\(status.stdout)")
        kill(pid, SIGTERM)
        var last: [String: Any]?
        let ended = try MonitorHistory.eventually(within: 30) {
            last = try MonitorHistory.entry(id, "dev", in: repo)
            return MonitorHistory.monitorOutcome(last) == "stopped"
        }
        #expect(ended, "\(String(describing: last))")
        #expect(last?["status"] as? String == "succeeded")
        let watch = try GitDeployBinary.run(["status", "--watch"], in: repo.directory)
        #expect(watch.status == 0, "\(watch.output)")
        #expect(watch.stdout.contains("\(id) (dev): monitoring stopped by SIGTERM after "), "\(watch.stdout)")
    }
}
