import DeployCore
import Foundation
import GitRepository

/// Runs a plan (DESIGN §1 and §7): gates → confirmation → environment lock → outdated →
/// validation → readiness → hand-off → backups → dispatch → verify → record → monitoring window →
/// lock released, in that order and nowhere else. Recording is the last step of every run that
/// happened, so that a run is reported whatever stopped it (the window then rewrites its entry);
/// when verification or the window fails and the environment asks for it, the previous successful
/// deployment is planned and run through here as a rollback.
public struct DeploymentExecutor {
    public struct Options: Sendable {
        /// `--dry-run`: stop after the hand-off.
        public var dryRun: Bool
        /// `--monitor`: how the environment's monitoring window runs; nil runs none (an automatic rollback).
        public var monitor: MonitorMode?
        /// Rewrites one line in place on a terminal (the window's progress); nil finishes the line.
        /// Without it the window prints a plain line now and then.
        public var liveLine: (@Sendable (String?) -> Void)?
        /// `--wait-timeout` / `--no-wait`: waiting for the environment's lock.
        public var lock = LockWaiting()
        /// `--allow-outdated`: deploy a commit older than the running one (a warning, not a block).
        public var allowOutdated = false
        /// The caller holds the environment's lock (an automatic rollback inside a run).
        var lockHeldByCaller = false

        public init(dryRun: Bool = false, monitor: MonitorMode? = nil, liveLine: (@Sendable (String?) -> Void)? = nil) {
            self.dryRun = dryRun
            self.monitor = monitor
            self.liveLine = liveLine
        }
    }

    public let snapshot: RepositorySnapshot
    /// Progress, one line per step, for people.
    public var diagnostics: Diagnostics
    /// Asks the confirmation question of a high-safety deployment; returns the answer.
    public var confirm: (String) -> String?
    /// Where handler output goes (standard error when standard output carries JSON).
    public var handlerOutput: HandlerOutput

    public init(snapshot: RepositorySnapshot, diagnostics: Diagnostics, confirm: @escaping (String) -> String?,
                handlerOutput: HandlerOutput = .standardStreams) {
        self.snapshot = snapshot
        self.diagnostics = diagnostics
        self.confirm = confirm
        self.handlerOutput = handlerOutput
    }

    /// Runs `plan` and records it; everything that happened is in the run.
    public func run(_ plan: DeploymentPlan, options: Options = Options()) -> DeploymentRun {
        var run = DeploymentRun(plan: plan, status: .planned)
        var lock: HeldEnvironmentLock?
        execute(&run, options: options, lock: &lock)
        run.finishedAt = Date()
        prepareMonitoring(&run, options: options)
        if run.isRecorded { record(&run) }
        // The foreground window runs under the lock: a newer deployment cannot start while this one
        // may still be rolled back (its rollback would undo the newer one). A detached window does not
        // hold it; its rollback takes the lock like any other deployment.
        monitor(&run, options: options)
        lock?.release(diagnostics: diagnostics, pushing: run.isRecorded ? historySync : nil)
        return run
    }

    /// Writes the plan's hand-off (`.deployment_config`); returns the path. The hooks call this too.
    public func handOff(_ plan: DeploymentPlan) throws(DeployError) -> String {
        try DeploymentConfigFile.write(plan.handoff(checkedBy: plan.plannedChecks), in: snapshot.repository)
    }

    private func execute(_ run: inout DeploymentRun, options: Options, lock: inout HeldEnvironmentLock?) {
        let plan = run.plan
        let e = plan.explanation
        let target = e.target?.rawValue ?? "-"
        // What explain would warn about (a refused trailer, a shallow or capped scan) applies here too.
        for warning in e.warnings { diagnostics.progress(.route, "warning: \(warning)") }

        guard let checks = plan.checks else {
            return stop(&run, .blocked, DeployError(.internalFault, "the plan of \(plan.id) was made without its gates"))
        }
        run.gates = confirmedGates(checks, plan: plan)
        for gate in run.gates where gate.status != .pass {
            diagnostics.progress(.gates, "\(gate.status.rawValue): \(gate.gate.rawValue): \(gate.reason)")
        }
        if e.options.contains(.emergency) { diagnostics.progress(.gates, "EMERGENCY deployment: freeze and promotion gates bypassed (recorded): \(plan.request.emergencyReason ?? "")", problem: true) }
        if !run.gates.failures.isEmpty {
            return stop(&run, .blocked, DeployError(.blocked, "blocked by \(run.gates.failures.map(\.gate.rawValue).joined(separator: ", ")): "
                                                    + run.gates.failures.map(\.reason).joined(separator: "; ")))
        }
        diagnostics.progress(.gates, "\(run.gates.count) gate\(run.gates.count == 1 ? "" : "s") passed for \(e.environment.name) (safety \(e.environment.safety.rawValue))")
        // Held from here to the record; the outdated gate is evaluated under it.
        guard lockEnvironment(&run, options: options, lock: &lock) else { return }

        run.gates.append(checks.validation)
        guard checks.validation.status != .fail else {
            return stop(&run, .blocked, DeployError(.blocked, checks.validation.reason))
        }
        diagnostics.progress(.validation, checks.validation.reason)
        if let notReady = checkReadiness(&run) { return stop(&run, .blocked, notReady) }

        // The hand-off first, so that the backup and the handler can read it.
        do {
            run.handoffPath = try handOff(plan, checkedBy: run.gates)
        } catch {
            return stop(&run, .failed, error)
        }
        diagnostics.progress(.handoff, "wrote \(run.handoffPath ?? DeploymentConfigFile.name)")

        if options.dryRun {
            diagnostics.progress(.dispatch, "dry run: the backups, the handler and the probes were not run")
            run.status = .dryRun
            return
        }

        let environment: [String: String]
        do {
            environment = try handlerEnvironment(plan)
        } catch {
            return stop(&run, .failed, error)
        }
        if let error = prepareDispatch(&run, environment: environment) { return stop(&run, .failed, error) }

        guard let handler = plan.handler else {
            diagnostics.progress(.dispatch, "no handler for \(target) (add targets.\(target).run to .deploy.yml): planned only")
            run.status = .planned
            return
        }
        diagnostics.progress(.dispatch, "running \(target): \(handler.shell ? handler.run.joined() : ShellQuoting.displayArgv(handler.run))")
        startMonitorHandoff(&run, environment: environment, options: options)
        let result = runner(prefix: target).run(HandlerCommand(target: handler, workingDirectory: snapshot.workingDirectory, environment: environment))
        run.dispatch = result
        if let error = result.error(handler: target) {
            return stop(&run, .failed, error)
        }
        verify(&run, environment: environment)
    }

    /// The planned gates; on a terminal, for a high-safety deployment without --yes, the question
    /// is asked when nothing but the missing answer says no, and the gates are evaluated again.
    private func confirmedGates(_ checks: DeploymentPlan.Checks, plan: DeploymentPlan) -> [GateResult] {
        let level = plan.environment.safety
        guard checks.gates.failures.allSatisfy({ $0.gate == .confirmation }),
              GateEvaluator.needsPrompt(level: level, inputs: checks.inputs) else { return checks.gates }
        let e = plan.explanation
        var inputs = checks.inputs
        inputs.confirmationAnswer = confirm("Deploy \(e.commit?.short ?? "HEAD") to \(e.environment.name) via \(e.target?.rawValue ?? "-")? [y/N] ")
        return GateEvaluator.evaluate(level: level, inputs: inputs)
    }

    /// The environment's probes; with nothing to verify, a handler that succeeded is a deployment that succeeded.
    private func verify(_ run: inout DeploymentRun, environment: [String: String]) {
        let e = run.explanation
        guard let verify = snapshot.configuration.verify[e.environment.name], !verify.probes.isEmpty else {
            run.status = .succeeded
            return
        }
        diagnostics.progress(.verify, "\(verify.probes.count) probe\(verify.probes.count == 1 ? "" : "s")")
        let report = ProbeRunner(workingDirectory: snapshot.workingDirectory, environment: environment).run(verify.probes)
        run.verification = report
        for probe in report.probes {
            diagnostics.progress(.verify, "\(probe.result.rawValue): \(probe.layer.rawValue)/\(probe.name) after \(probe.attempts) attempt\(probe.attempts == 1 ? "" : "s")"
                                 + (probe.lastError.map { ": \($0)" } ?? ""))
        }
        guard let failure = report.error else {
            run.status = .succeeded
            return
        }
        run.status = .failed
        run.error = failure
        if verify.autoRollback, e.routing.mode != .rollback {
            run.rollback = autoRollback(after: run)
            if run.rollback?.status == .succeeded { run.status = .rolledBack }
        }
    }

    func stop(_ run: inout DeploymentRun, _ status: DeploymentRun.Status, _ error: DeployError) {
        run.status = status
        run.error = error
        if status == .blocked { handOffBlocked(&run, because: error) }
    }

    private func runner(prefix: String) -> HandlerRunner {
        HandlerRunner(prefix: "[\(prefix)] ", output: handlerOutput)
    }

    /// DEPLOY_* and RELEASE_* (DESIGN §7), with the merged application configuration written beside history.
    private func handlerEnvironment(_ plan: DeploymentPlan) throws(DeployError) -> [String: String] {
        var context = plan.handlerContext
        if let root = snapshot.repository.workTreeRoot {
            let directory = snapshot.repository.gitDirectory + "/deploy"
            try FileSystem.createDirectory(directory)
            context.appConfig = try AppConfigMerger.write(root: root, environment: plan.environment.name,
                                                          to: directory + "/app-config-\(plan.id).json")
        }
        return HandlerEnvironment.dictionary(for: context).merging(rollbackVariables(plan)) { _, new in new }
    }

    /// The history entry and metrics file of a run that happened (DESIGN §8). A run whose
    /// handler ran but could not be recorded ends with exit 6 (see `recordingFailed`).
    func record(_ run: inout DeploymentRun) {
        do {
            try Recorder.record(run, in: snapshot)
            diagnostics.progress(.record, "\(run.id) recorded as \(run.status.rawValue)" + (run.monitoring.state.map { ", monitor \($0.outcome.rawValue)" } ?? ""))
        } catch {
            diagnostics.progress(.record, "could not record \(run.id): \(error.message)", problem: true)
            run.error = run.recordingFailed(error)
        }
    }

    /// Verification failed with `auto-rollback: true`: plan a rollback to the previous successful
    /// deployment and run it (it records itself; the failed deployment is recorded after it).
    private func autoRollback(after run: DeploymentRun) -> RollbackSummary? {
        autoRollback(RollbackOrigin(run, replacing: replacedByAutoRollback(run)), because: "verification failed")
    }

    /// The rollback of `origin` to the environment's previous successful deployment, after
    /// verification or the monitoring window (in this process or a detached one) failed.
    /// - Parameter lockHeld: the caller holds the environment's lock (a run in this process); a
    ///   detached window does not, so its rollback waits for the lock like any deployment.
    func autoRollback(_ origin: RollbackOrigin, because reason: String, lockHeld: Bool = true) -> RollbackSummary? {
        // What the plan prepared (the environment's deployment before this one), unless that is this commit.
        var to = origin.preparedCommit.flatMap { $0 == origin.commit ? nil : $0 }
        do {
            if to == nil { to = try Planner.rollbackTarget(nil, environment: origin.environment, current: origin.commit, in: snapshot) }
        } catch {
            diagnostics.progress(.rollback, "cannot roll back: \(error.message)")
            return nil
        }
        guard let to else {
            diagnostics.progress(.rollback, "cannot roll back: no earlier successful deployment of \(origin.environment)")
            return nil
        }
        diagnostics.progress(.rollback, "\(reason): rolling back \(origin.environment) to \(to.short)")
        var request = DeploymentRequest(environment: origin.environment, platform: origin.platform, options: Set(origin.options),
                                        inferOptions: false, environmentVariables: origin.environmentVariables,
                                        checks: DeploymentChecks.Context(yes: true),
                                        rollback: RollbackRequest(to: to.hex, scope: .full, replacing: origin.replacing))
        // The environment's branch still names what is deployed; a tag named the failed release,
        // not the commit returned to, so the planner looks for the tags at that commit instead.
        if case .branch? = origin.ref { request.ref = origin.ref }
        request.emergencyReason = origin.emergencyReason
        var nested = self
        nested.confirm = { _ in "y" }
        do {
            var inherited = Options()
            inherited.lockHeldByCaller = lockHeld
            let rollback = nested.run(try Planner.plan(request, in: snapshot), options: inherited)
            return RollbackSummary(id: rollback.id, commit: to, status: rollback.status, error: rollback.error)
        } catch {
            diagnostics.progress(.rollback, "rollback failed: \(error.message)")
            return RollbackSummary(id: "", commit: to, status: .failed, error: error)
        }
    }
}
