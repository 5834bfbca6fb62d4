import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// The monitoring window after verification (`verify.<env>.monitor`, README "Deploying"): the
/// built binary deploys against a real health endpoint on 127.0.0.1 that turns unhealthy
/// mid-window, and the history entry says how the window ended.
@Suite("safety net: the monitoring window", .tags(.endToEnd))
struct SafetyMonitorWindowEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func configure(_ server: FlippingHealthServer, duration: String, interval: String = "300ms", autoRollback: Bool = true,
                   marker: String = "/dev/null") throws {
        try repo.commit("chore: config", files: [".deploy.yml": monitoredDeployConfig(server, duration: duration, interval: interval,
                                                                                        autoRollback: autoRollback, marker: marker)])
    }

    @Test("a healthy window: exit 0, the deployment stays succeeded and its entry says monitor passed")
    func healthyWindow() throws {
        let server = try FlippingHealthServer()
        try configure(server, duration: "1.5s")
        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[monitor] watching 1 probe for 1.5s, every 0.3s"), "\(result.stdout)")
        #expect(result.stdout.contains("[monitor] passed: 1 probe held for 1.5s"), "\(result.stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let entry = try MonitorHistory.entry(id, "dev", in: repo)
        #expect(entry?["status"] as? String == "succeeded")
        let monitor = try #require(entry?["monitor"] as? [String: Any])
        #expect(monitor["outcome"] as? String == "passed")
        #expect(monitor["mode"] as? String == "foreground")
        #expect((monitor["rounds"] as? Int ?? 0) >= 3, "\(monitor)")
        #expect(server.requests >= 4, "verification plus the window's rounds")
    }

    @Test("unhealthy mid-window with auto-rollback: exit 5, rolled back to the previous deployment, the entry says monitor failed")
    func unhealthyWindowRollsBack() throws {
        let marker = sandbox.url("recovered").path
        // Request 1 verifies the first deployment (no window), 2 the second, 3–4 are its first rounds.
        let server = try FlippingHealthServer(healthyRequests: 4, recoveredMarker: marker)
        try configure(server, duration: "30s", marker: marker)
        let first = try GitDeployBinary.run(["dev", "--monitor", "off"], in: repo.directory)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.stdout.contains("--monitor off: the 30s monitoring window was not run"), "\(first.stdout)")
        let firstID = try #require(MonitorHistory.deploymentID(in: first.stdout))
        let good = try repo.head()
        try repo.commit("feat: the release that degrades")

        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stdout.contains("[monitor] failed: probe health (application) failed 1 round in a row"), "\(result.stdout)")
        #expect(result.stdout.contains("[rollback] monitoring failed: rolling back dev to \(good.prefix(7))"), "\(result.stdout)")
        #expect(result.stdout.contains("[rollback-system] rolled back"), "\(result.stdout)")
        #expect(result.stderr.contains("error: monitoring window failed: probe health (application)"), "\(result.stderr)")
        #expect(result.stderr.contains("expected status 200, got 500"), "\(result.stderr)")

        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let entries = try MonitorHistory.entries("dev", in: repo)
        let failed = try #require(entries.first { $0["id"] as? String == id })
        #expect(failed["status"] as? String == "rolled-back")
        let monitor = try #require(failed["monitor"] as? [String: Any])
        #expect(monitor["outcome"] as? String == "failed")
        let rollbackID = try #require(monitor["rollback_id"] as? String)
        let rollback = try #require(entries.first { $0["id"] as? String == rollbackID })
        #expect(rollback["status"] as? String == "succeeded")
        #expect(rollback["commit"] as? String == good)
        #expect(MonitorHistory.monitorOutcome(entries.first { $0["id"] as? String == firstID }) == "off")
    }

    @Test("unhealthy mid-window without auto-rollback: exit 5 and the deployment is failed in history")
    func unhealthyWindowFails() throws {
        let server = try FlippingHealthServer(healthyRequests: 3)
        try configure(server, duration: "30s", autoRollback: false)
        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 5, "\(result.output)")
        #expect(!result.stdout.contains("[rollback]"), "\(result.stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let entry = try MonitorHistory.entry(id, "dev", in: repo)
        #expect(entry?["status"] as? String == "failed")
        #expect(MonitorHistory.monitorOutcome(entry) == "failed")
        #expect(result.stdout.contains("— failed"), "\(result.stdout)")
    }

    @Test("a rollback's window that fails marks the rollback failed (exit 5) and never rolls a rollback back")
    func rollbackWindowFails() throws {
        // 1 and 2 verify two deployments (no window), 3 the rollback, 4–5 its first rounds.
        let server = try FlippingHealthServer(healthyRequests: 5)
        try configure(server, duration: "30s")
        #expect(try GitDeployBinary.run(["dev", "--monitor", "off"], in: repo.directory).status == 0)
        try repo.commit("feat: next")
        #expect(try GitDeployBinary.run(["dev", "--monitor", "off"], in: repo.directory).status == 0)
        let result = try GitDeployBinary.run(["rollback", "dev"], in: repo.directory)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stdout.contains("[monitor] failed: probe health (application) failed 1 round in a row"), "\(result.stdout)")
        #expect(!result.stdout.contains("[rollback] monitoring failed"), "\(result.stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        let entry = try MonitorHistory.entry(id, "dev", in: repo)
        #expect(entry?["target"] as? String == "rollback-system")
        #expect(entry?["status"] as? String == "failed")
        #expect(MonitorHistory.monitorOutcome(entry) == "failed")
    }

    @Test("Ctrl-C during the window stops watching, says so, exits 0, and records monitor stopped with the deployment succeeded")
    func interruptStopsWatching() throws {
        let server = try FlippingHealthServer()
        try configure(server, duration: "1h", interval: "200ms")
        let output = sandbox.url("deploy.out"), errors = sandbox.url("deploy.err")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitDeployBinary.path)
        process.arguments = ["dev"]
        process.currentDirectoryURL = repo.directory
        process.environment = Runner.environment()
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The window has run a round once its progress file has one.
        let monitorFolder = repo.directory.appendingPathComponent(".git/deploy/monitor")
        let started = MonitorHistory.eventually(within: 30) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: monitorFolder.path)) ?? []
            return names.contains { name in
                name.hasSuffix(".progress.json")
                    && ((try? String(contentsOf: monitorFolder.appendingPathComponent(name), encoding: .utf8)) ?? "").contains("\"rounds\"")
            }
        }
        #expect(started, "the window never started: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stdout = try String(contentsOf: output, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(stdout)\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        #expect(stdout.contains("[monitor] monitoring stopped by the user; the deployment stays succeeded"), "\(stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: stdout))
        let entry = try MonitorHistory.entry(id, "dev", in: repo)
        #expect(entry?["status"] as? String == "succeeded")
        #expect(MonitorHistory.monitorOutcome(entry) == "stopped")
        #expect(((entry?["monitor"] as? [String: Any])?["reason"] as? String ?? "").contains("SIGINT"))
    }

    static let refusedWindows: [(String, String)] = [
        ("{duration: 25h}", "verify.dev.monitor.duration: '25h' is out of range: it takes 1 s to 86400 s (24 h)"),
        ("{duration: 10m, interval: 1ms}", "verify.dev.monitor.interval: '1ms' is out of range: it takes 0.1 s to 3600 s (1 h)"),
        ("{duration: 10s, interval: 1m}", "interval 60 s is longer than the window (10 s)"),
        ("{duration: 1e400}", "verify.dev.monitor.duration: '1e400' is not a duration"),
        ("{interval: 30s}", "verify.dev.monitor: a monitoring window needs 'duration'"),
    ]

    @Test("a window with nothing to probe is refused when .deploy.yml is read (exit 2)")
    func windowWithoutProbes() throws {
        try repo.commit("chore: config", files: [".deploy.yml": "verify:\n  dev:\n    monitor: {duration: 10m}\n"])
        let result = try GitDeployBinary.run(["explain", "dev"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("verify.dev.monitor: the monitoring window has no probes to run"), "\(result.stderr)")
    }

    @Test("on a terminal the window's progress is one line rewritten in place (\\r), then the outcome")
    func liveLineOnTerminal() throws {
        let server = try FlippingHealthServer()
        try configure(server, duration: "1s", interval: "250ms")
        // script(1) gives git-deploy a pseudo-terminal for standard output and error.
        let command = ShellQuoting.quote([GitDeployBinary.path, "dev"])
        let result = try Runner.run("/usr/bin/script", ["-qec", command, "/dev/null"], in: repo.directory,
                                    environment: Runner.environment(["NO_COLOR": "1"]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("\r\u{1B}[K[monitor] 1.0s left, 1/1 probe passing (round 1)"), "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains("\r\u{1B}[K[monitor] passed: 1 probe held for 1.0s"), "\(result.stdout.debugDescription)")
        #expect(!result.stdout.contains("\n[monitor] 1.0s left"), "no plain progress lines on a terminal")
    }

    @Test("a window out of bounds is refused when .deploy.yml is read: exit 2 naming the key and the range", arguments: refusedWindows)
    func boundsAreChecked(window: String, message: String) throws {
        try repo.commit("chore: config", files: [".deploy.yml": """
            verify:
              dev:
                probes:
                  - {name: health, tcp: "127.0.0.1:9"}
                monitor: \(window)
            """])
        let result = try GitDeployBinary.run(["explain", "dev"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
