#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `monitor.run` (the seed's monitoring coordination): started when the handler is dispatched,
/// in a session of its own so that it can outlive `git deploy`, with MONITOR_MODE,
/// MONITOR_ENVIRONMENT, MONITOR_PLATFORM, MONITOR_CONFIG (a JSON file: window, probes, deployment
/// id, commit) and the DEPLOY_* variables. git-deploy never waits for it past
/// `InputLimits.monitorHandoffWaitSeconds` and its failure is a warning: a monitoring system that
/// is down must not stop or fail a deployment.
enum MonitorHandoff {
    /// A started `monitor.run`.
    struct Started: Sendable {
        let pid: Int32
        let startedAt: Double
        let log: String
    }

    /// MONITOR_CONFIG's content.
    static func configJSON(for run: DeploymentRun, window: MonitorWindowSettings?, probes: [ProbeSettings], mode: MonitorMode?,
                           autoRollback: Bool) -> JSONValue {
        let e = run.explanation
        return .object([
            ("schema", .int(1)),
            ("mode", .string("deployment-monitoring")),
            ("deployment_id", .string(run.id)),
            ("environment", .string(e.environment.name)),
            ("platform", .optional(e.platform?.rawValue)),
            ("target", .optional(e.target?.rawValue)),
            ("commit", .optional(e.commit?.hex)),
            ("branch", .optional(e.branch)),
            ("tag", .optional(e.tag)),
            ("safety_level", .string(e.environment.safety.rawValue)),
            ("window", window.map { window in
                .object([("duration_seconds", .double(window.duration)), ("interval_seconds", .double(window.interval)),
                         ("mode", .optional(mode?.rawValue)), ("auto_rollback", .bool(autoRollback))])
            } ?? .null),
            ("probes", .array(probes.map(\.monitorJSON))),
        ])
    }

    /// The variables `monitor.run` gets on top of DEPLOY_*.
    static func environment(for run: DeploymentRun, configPath: String) -> [String: String] {
        ["MONITOR_MODE": "deployment-monitoring",
         "MONITOR_ENVIRONMENT": run.explanation.environment.name,
         "MONITOR_PLATFORM": run.explanation.platform?.rawValue ?? "",
         "MONITOR_CONFIG": configPath,
         "ALERT_INTEGRATION": "smart-deploy"]
    }
}

extension ProbeSettings {
    /// A probe as MONITOR_CONFIG describes it: what a monitoring system needs to watch the same thing.
    var monitorJSON: JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(name)), ("layer", .string(layer.rawValue))]
        switch check {
        case let .http(url, status, bodyContains, headers):
            fields += [("kind", .string("http")), ("url", .string(url)), ("status", .int(status)), ("body_contains", .optional(bodyContains)),
                       ("headers", .object(headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
        case let .tcp(host, port):
            fields += [("kind", .string("tcp")), ("host", .string(host)), ("port", .int(port))]
        case .command(let argv):
            fields += [("kind", .string("command")), ("argv", .array(argv.map(JSONValue.string)))]
        }
        fields += [("timeout_seconds", .double(timeout)), ("failure_threshold", .int(failureThreshold)),
                   ("success_threshold", .int(successThreshold))]
        return .object(fields)
    }
}

extension DeploymentExecutor {
    /// Called right before the handler runs: keeps the handler's variables for the window's
    /// command probes, and starts `monitor.run` when one is configured (never for a dry run).
    func startMonitorHandoff(_ run: inout DeploymentRun, environment: [String: String], options: Options) {
        run.monitoring.environment = environment
        guard let argv = snapshot.configuration.monitor.run else { return }
        let e = run.explanation
        let verify = snapshot.configuration.verify[e.environment.name]
        let window = verify?.monitor
        let probes = window?.effectiveProbes(verify: verify?.probes ?? []) ?? verify?.probes ?? []
        let files = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: run.id)
        do {
            try files.write(MonitorHandoff.configJSON(for: run, window: window, probes: probes, mode: window == nil ? nil : options.monitor,
                                                      autoRollback: verify?.autoRollback ?? false), to: files.config)
            let variables = ProcessInfo.processInfo.environment.merging(environment) { _, deploy in deploy }
                .merging(MonitorHandoff.environment(for: run, configPath: files.config)) { _, monitor in monitor }
            let process = try ProcessSpawner.spawn(argv: argv, workingDirectory: snapshot.workingDirectory, environment: variables,
                                                   wiring: .detached(log: files.handoffLog))
            run.monitoring.handoff = MonitorHandoff.Started(pid: process.pid, startedAt: HandlerRunner.now(), log: files.handoffLog)
            diagnostics.progress(.monitor, "started monitor.run \(ShellQuoting.displayArgv(argv)) (pid \(process.pid), MONITOR_CONFIG \(files.config))")
        } catch let error as DeployError {
            diagnostics.progress(.monitor, "warning: monitor.run was not started: \(error.message)", problem: true)
        } catch let error as ProcessSpawner.Failure {
            diagnostics.progress(.monitor, "warning: monitor.run could not start: \(error.reason)", problem: true)
        } catch {
            diagnostics.progress(.monitor, "warning: monitor.run could not start: \(error)", problem: true)
        }
    }

    /// After the deployment: waits for `monitor.run` until its short bound, then leaves it running.
    /// Its outcome is reported, never a reason to fail.
    func finishMonitorHandoff(_ run: DeploymentRun) {
        guard let started = run.monitoring.handoff else { return }
        var status: Int32 = 0
        while true {
            let reaped = waitpid(started.pid, &status, WNOHANG)
            if reaped == started.pid { break }
            if reaped < 0 && errno != EINTR { return }
            if HandlerRunner.now() - started.startedAt >= InputLimits.monitorHandoffWaitSeconds {
                diagnostics.progress(.monitor, "monitor.run is still running; left running on its own (log: \(started.log))")
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let outcome: HandlerOutcome = (status & 0x7f) == 0 ? .exited(code: (status >> 8) & 0xff) : .signaled(signal: status & 0x7f)
        if outcome.succeeded {
            diagnostics.progress(.monitor, "monitor.run exited 0")
        } else {
            diagnostics.progress(.monitor, "warning: monitor.run \(outcome) (log: \(started.log)); the deployment is not affected", problem: true)
        }
    }
}
