import Foundation

/// What a run knows about its monitoring: the window as recorded, and the monitor hand-off.
public struct RunMonitoring: Sendable {
    /// The monitoring window as the history entry says; nil when the deployment had none.
    public var state: MonitorState?
    /// The DEPLOY_* variables the handler got: the window's command probes get them too.
    var environment: [String: String] = [:]
    /// `monitor.run`, when it was started.
    var handoff: MonitorHandoff.Started?
}

/// The monitoring window after verification (README "Deploying"). The entry is recorded as soon
/// as the deployment passed verification, with `monitor.outcome` `running` (or `detached`), and
/// rewritten when the window ends: the deployment did happen, and a window cut short by a crash
/// or a kill must leave a record of it, with the window's state, rather than nothing.
extension DeploymentExecutor {
    /// Before the first record: whether this run gets a window, and how it starts out in history.
    func prepareMonitoring(_ run: inout DeploymentRun, options: Options) {
        guard let mode = options.monitor, run.status == .succeeded, run.dispatch != nil,
              let verify = snapshot.configuration.verify[run.explanation.environment.name], let window = verify.monitor else { return }
        // Never empty: a window with nothing to probe is refused when .deploy.yml is read.
        let probes = window.effectiveProbes(verify: verify.probes)
        var state = MonitorState(outcome: .off, mode: mode, window: window, probes: probes)
        switch mode {
        case .off:
            diagnostics.progress(.monitor, "--monitor off: the \(MonitorProgress.clock(window.duration)) monitoring window was not run")
        case .foreground:
            state.outcome = .running
        case .detach:
            state.outcome = .detached
            state.log = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: run.id).log
        }
        run.monitoring.state = state
    }

    /// After the first record: reports `monitor.run`, then runs the window here or hands it to a
    /// background process; a window run here records its outcome when it ends.
    func monitor(_ run: inout DeploymentRun, options: Options) {
        if run.monitoring.state?.outcome == .running {
            // From now on `status --watch` can see this process behind the entry.
            MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: run.id).writeProgress(nil, outcome: .running)
        }
        finishMonitorHandoff(run)
        guard let state = run.monitoring.state, !state.outcome.isFinal else { return }
        guard run.error == nil else {
            diagnostics.progress(.monitor, "the deployment could not be recorded: no monitoring window", problem: true)
            return
        }
        switch state.mode {
        case .detach: detachWindow(&run, state: state)
        case .foreground: runWindow(&run, state: state, options: options)
        case .off: return
        }
    }

    private func runWindow(_ run: inout DeploymentRun, state: MonitorState, options: Options) {
        var state = state
        let e = run.explanation
        let verify = snapshot.configuration.verify[e.environment.name]
        let probes = verify?.monitor?.effectiveProbes(verify: verify?.probes ?? []) ?? []
        let files = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: run.id)
        diagnostics.progress(.monitor, "watching \(probes.count) probe\(probes.count == 1 ? "" : "s") for \(MonitorProgress.clock(state.duration)), "
                             + "every \(MonitorProgress.clock(state.interval)); Ctrl-C stops watching and keeps the deployment")
        let window = MonitoringWindow(duration: state.duration, interval: state.interval, probes: probes,
                                      workingDirectory: snapshot.workingDirectory, environment: run.monitoring.environment)
        var lines = PeriodicLines(interval: state.interval)
        let result = window.run(updating: &state, files: files) { progress in
            if let live = options.liveLine {
                live("[monitor] " + progress.line)
            } else if lines.due(progress) {
                diagnostics.progress(.monitor, progress.line)
            }
        }
        options.liveLine?(nil)
        switch result.ending {
        case .passed:
            diagnostics.progress(.monitor, "passed: \(probes.count) probe\(probes.count == 1 ? "" : "s") held for \(MonitorProgress.clock(state.duration)) (\(result.rounds) rounds)")
        case .stopped:
            diagnostics.progress(.monitor, "monitoring stopped by the user; the deployment stays succeeded")
        case .failed(let reason):
            run.status = .failed
            run.error = DeployError(.verificationFailed, "monitoring window failed: \(reason)")
            diagnostics.progress(.monitor, "failed: \(reason)", problem: true)
            if verify?.autoRollback == true, e.routing.mode != .rollback {
                run.rollback = autoRollback(RollbackOrigin(run, replacing: replacedByAutoRollback(run)), because: "monitoring failed")
                state.rollbackID = run.rollback.map(\.id).flatMap { $0.isEmpty ? nil : $0 }
                if run.rollback?.status == .succeeded { run.status = .rolledBack }
            }
        }
        run.monitoring.state = state
        record(&run)
    }

    private func detachWindow(_ run: inout DeploymentRun, state: MonitorState) {
        do {
            let pid = try DetachedMonitor.start(run, state: state, origin: RollbackOrigin(run, replacing: replacedByAutoRollback(run)), in: snapshot)
            diagnostics.progress(.monitor, "the \(MonitorProgress.clock(state.duration)) window runs in the background (pid \(pid)); "
                                 + "follow it with: git deploy status --watch (log: \(state.log ?? "-"))")
        } catch {
            var state = state
            state.outcome = .stopped
            state.reason = "the background monitor could not start: \(error.message)"
            run.monitoring.state = state
            diagnostics.progress(.monitor, state.reason ?? "", problem: true)
            record(&run)
        }
    }
}

extension MonitoringWindow {
    /// Runs the window (in `git deploy` or in the detached process) with its progress file kept
    /// current for `status --watch`, and writes how it ended into `state`.
    func run(updating state: inout MonitorState, files: MonitorFiles, onRound: (MonitorProgress) -> Void) -> Result {
        let inProgress = state.outcome
        let result = run { progress in
            files.writeProgress(progress, outcome: inProgress)
            onRound(progress)
        }
        state.startedAt = result.startedAt
        state.endedAt = result.endedAt
        state.rounds = result.rounds
        switch result.ending {
        case .passed:
            state.outcome = .passed
        case .stopped(let signal):
            state.outcome = .stopped
            state.reason = "stopped by \(signal) after \(MonitorProgress.clock(result.endedAt.timeIntervalSince(result.startedAt)))"
        case .failed(let reason):
            state.outcome = .failed
            state.reason = reason
        }
        files.writeProgress(nil, outcome: state.outcome)
        return result
    }
}

/// When a window without a live line prints its progress: after the first round, when the number
/// of probes passing changes, and otherwise every `max(interval, 10 s)`, so that a long window
/// with a short interval does not flood a CI log.
struct PeriodicLines {
    let every: Double
    private var lastAt: Double?
    private var lastPassing: Int?

    init(interval: Double) {
        every = max(interval, 10)
    }

    mutating func due(_ progress: MonitorProgress) -> Bool {
        defer { lastPassing = progress.passing }
        guard let lastAt, lastPassing == progress.passing, progress.elapsed - lastAt < every else {
            self.lastAt = progress.elapsed
            return true
        }
        return false
    }
}
