#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitRepository

/// `--monitor detach`: the monitoring window handed to a background process that outlives the
/// command and the terminal. `git deploy` records the deployment (`monitor.outcome: detached`),
/// writes a state file and starts this same binary as `git-deploy monitor-window STATE` in a new
/// session (setsid; no shell), its output appended to `.git/deploy/monitor/<id>.log`. That process
/// runs the window, rolls back as `git deploy` would, and rewrites the entry with the outcome by
/// compare-and-swap, as every record is written.
public enum DetachedMonitor {
    /// The hidden subcommand the background process runs.
    public static let subcommand = "monitor-window"

    /// Writes the state file and starts the background process; returns its pid.
    static func start(_ run: DeploymentRun, state: MonitorState, origin: RollbackOrigin, in snapshot: RepositorySnapshot) throws(DeployError) -> Int32 {
        let files = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: run.id)
        let autoRollback = snapshot.configuration.verify[run.explanation.environment.name]?.autoRollback ?? false
        try files.write(.object([
            ("schema", .int(1)),
            ("id", .string(run.id)),
            ("monitor", state.json),
            ("auto_rollback", .bool(autoRollback && run.explanation.routing.mode != .rollback)),
            ("origin", origin.json),
            ("handler_environment", .object(run.monitoring.environment.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]), to: files.state)
        files.writeProgress(nil, outcome: .detached, pid: 0)
        do {
            let process = try ProcessSpawner.spawn(argv: [ownExecutable(), subcommand, files.state], workingDirectory: snapshot.workingDirectory,
                                                   environment: ProcessInfo.processInfo.environment, wiring: .detached(log: files.log))
            return process.pid
        } catch {
            throw DeployError(.internalFault, error.reason)
        }
    }

    /// This binary, to start again: /proc/self/exe on Linux, else how we were started.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// The background process: runs the window described by `statePath` and records its outcome.
    /// Returns the exit status: 0 passed or stopped, 5 failed, 2 when the state cannot be used.
    public static func run(statePath: String, diagnostics: Diagnostics) throws(DeployError) -> Int32 {
        guard let json = MonitorFiles.readJSON(statePath), let id = json["id"]?.stringValue, DeploymentID.isValid(id),
              let monitorJSON = json["monitor"], let origin = RollbackOrigin(json: json["origin"] ?? .null, environmentVariables: ProcessInfo.processInfo.environment),
              let commit = origin.commit,
              let duration = monitorJSON["duration_seconds"]?.number, let interval = monitorJSON["interval_seconds"]?.number,
              (InputLimits.monitorDurationMin...InputLimits.monitorDurationMax).contains(duration),
              (InputLimits.monitorIntervalMin...InputLimits.monitorIntervalMax).contains(interval) else {
            throw DeployError.badInput("\(statePath) is not a monitoring window's state file", hint: "it is written by git deploy --monitor detach")
        }
        let snapshot = try RepositorySnapshot.readForProcess()
        let files = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: id)
        files.writeProgress(nil, outcome: .detached)  // `status --watch` sees a live process from here on
        let verify = snapshot.configuration.verify[origin.environment]
        let probes = verify.flatMap { verify in verify.monitor?.effectiveProbes(verify: verify.probes) } ?? verify?.probes ?? []
        var environment: [String: String] = [:]
        if case .object(let members)? = json["handler_environment"] {
            for (key, value) in members { if let text = value.stringValue { environment[key] = text } }
        }
        var state = MonitorState(outcome: .detached, mode: .detach,
                                 window: MonitorWindowSettings(duration: duration, interval: interval), probes: probes)
        state.log = files.log
        diagnostics.progress(.monitor, "\(id): watching \(probes.count) probe\(probes.count == 1 ? "" : "s") of \(origin.environment) for \(MonitorProgress.clock(duration)), every \(MonitorProgress.clock(interval))")

        var rollback: RollbackSummary?
        if probes.isEmpty {
            state.outcome = .stopped
            state.reason = "no probes to run: verify.\(origin.environment) has none any more"
        } else {
            let window = MonitoringWindow(duration: duration, interval: interval, probes: probes,
                                          workingDirectory: snapshot.workingDirectory, environment: environment)
            var lines = PeriodicLines(interval: interval)
            let result = window.run(updating: &state, files: files) { progress in
                if lines.due(progress) { diagnostics.progress(.monitor, progress.line) }
            }
            if case .failed(let reason) = result.ending {
                diagnostics.progress(.monitor, "failed: \(reason)", problem: true)
                if case .bool(true)? = json["auto_rollback"] {
                    let executor = DeploymentExecutor(snapshot: snapshot, diagnostics: diagnostics, confirm: { _ in "y" })
                    rollback = executor.autoRollback(origin, because: "monitoring failed", lockHeld: false)
                    state.rollbackID = rollback.map(\.id).flatMap { $0.isEmpty ? nil : $0 }
                }
            }
        }
        let status: DeploymentStatus? = state.outcome == .failed ? (rollback?.status == .succeeded ? .rolledBack : .failed) : nil
        let identity = CommitterIdentity.resolve(repository: snapshot.repository, environment: ProcessInfo.processInfo.environment) ?? .fallback
        let final = state
        let written = try snapshot.history.store.update(id: id, on: commit, identity: identity) { entry in
            entry.with(status: status ?? entry.status, monitor: final)
        }
        files.writeProgress(nil, outcome: state.outcome)
        guard let written else {
            throw DeployError.badInput("no entry \(id) on commit \(commit.short) in \(snapshot.history.store.ref): the outcome (\(state.outcome.rawValue)) was not recorded")
        }
        diagnostics.progress(.record, "\(id) recorded as \(written.status.rawValue), monitor \(state.outcome.rawValue)" + (state.reason.map { ": \($0)" } ?? ""))
        return state.outcome == .failed ? 5 : 0
    }
}
