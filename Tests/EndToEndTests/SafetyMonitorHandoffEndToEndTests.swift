import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// `monitor.run` (README "Deploying"): the monitoring system a dispatched deployment is handed to,
/// with the seed's MONITOR_* variables, a MONITOR_CONFIG JSON file and the DEPLOY_* variables;
/// started without a shell, never waited for past its short bound, never failing the deployment.
@Suite("safety net: the monitor hand-off", .tags(.endToEnd))
struct SafetyMonitorHandoffEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository
    let server: FlippingHealthServer

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        server = try FlippingHealthServer()
    }

    func configure(monitor: String, window: Bool = true) throws {
        try repo.commit("chore: config", files: [
            ".deploy.yml": """
                targets:
                  direct-deployment:
                    run: [sh, -c, "echo deployed"]
                verify:
                  dev:
                    probes:
                      - {name: health, http: "\(server.url)", period: 0.1}
                \(window ? "    monitor: {duration: 1s, interval: 250ms}" : "")
                monitor:
                  run: \(monitor)
                """,
            "monitor.sh": "#!/bin/sh\nenv | grep -E '^(MONITOR_|DEPLOY_ID=|DEPLOY_ENVIRONMENT=|ALERT_)' | sort > \"$1\"\ncp \"$MONITOR_CONFIG\" \"$2\"\n",
        ])
        try repo.git("update-index", "--chmod=+x", "monitor.sh")
        _ = try Runner.run("/bin/chmod", ["+x", repo.path + "/monitor.sh"], in: repo.directory)
    }

    @Test("monitor.run gets MONITOR_MODE, MONITOR_ENVIRONMENT, MONITOR_PLATFORM, MONITOR_CONFIG (valid JSON: window, probes, id, commit) and DEPLOY_*")
    func handoffEnvironment() throws {
        let envFile = sandbox.url("monitor.env").path, configCopy = sandbox.url("monitor-config.json").path
        try configure(monitor: "[./monitor.sh, \"\(envFile)\", \"\(configCopy)\"]")
        let commit = try repo.head()
        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[monitor] started monitor.run ./monitor.sh"), "\(result.stdout)")
        #expect(result.stdout.contains("[monitor] monitor.run exited 0"), "\(result.stdout)")
        let id = try #require(MonitorHistory.deploymentID(in: result.stdout))
        #expect(MonitorHistory.eventually(within: 10) { FileManager.default.fileExists(atPath: configCopy) })

        let environment = try String(contentsOfFile: envFile, encoding: .utf8)
        #expect(environment.contains("MONITOR_MODE=deployment-monitoring\n"), "\(environment)")
        #expect(environment.contains("MONITOR_ENVIRONMENT=dev\n"), "\(environment)")
        #expect(environment.contains("MONITOR_PLATFORM=traditional\n"), "\(environment)")
        #expect(environment.contains("MONITOR_CONFIG=\(repo.path)/.git/deploy/monitor/\(id).config.json\n"), "\(environment)")
        #expect(environment.contains("DEPLOY_ID=\(id)\n"), "\(environment)")
        #expect(environment.contains("DEPLOY_ENVIRONMENT=dev\n"), "\(environment)")

        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: configCopy))) as? [String: Any])
        #expect(config["mode"] as? String == "deployment-monitoring")
        #expect(config["deployment_id"] as? String == id)
        #expect(config["commit"] as? String == commit)
        #expect(config["environment"] as? String == "dev")
        let window = try #require(config["window"] as? [String: Any])
        #expect(window["duration_seconds"] as? Double == 1)
        #expect(window["interval_seconds"] as? Double == 0.25)
        #expect(window["mode"] as? String == "foreground")
        let probes = try #require(config["probes"] as? [[String: Any]])
        #expect(probes.map { $0["name"] as? String } == ["health"])
        #expect(probes.first?["kind"] as? String == "http")
        #expect(probes.first?["url"] as? String == server.url)
    }

    @Test("a monitor.run that keeps running is left running after the short bound; the deployment does not wait for it")
    func longRunningHandoff() throws {
        try configure(monitor: "[sleep, \"300\"]", window: false)
        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[monitor] monitor.run is still running; left running on its own"), "\(result.stdout)")
        let pidText = try #require(result.stdout.firstRange(of: "(pid ").map { result.stdout[$0.upperBound...].prefix { $0.isNumber } })
        let pid = try #require(pid_t(pidText))
        #expect(kill(pid, 0) == 0, "it outlived git deploy")
        #expect(getsid(pid) == pid, "in a session of its own")
        kill(pid, SIGTERM)
    }

    @Test("a failing monitor.run is a warning: the deployment succeeds (exit 0)")
    func failingHandoff() throws {
        try configure(monitor: "[sh, -c, \"exit 3\"]", window: false)
        let result = try GitDeployBinary.run(["dev"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("warning: monitor.run exited with status 3"), "\(result.stdout)")
        #expect(result.stdout.contains("the deployment is not affected"), "\(result.stdout)")
    }
}
