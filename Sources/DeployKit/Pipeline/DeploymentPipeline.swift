import DeployCore
import Foundation
import GitRepository

/// `git deploy`: a routing decision turned into a deployment (DESIGN §7). Gates and target
/// validation first; then the backup a migration needs, the hand-off, the handler, the probes,
/// and — when verification fails and the environment asks for it — a rollback. Recording is the
/// caller's last step, so that a run can be reported whatever happened.
public struct DeploymentPipeline {
    public enum Stage: String, Sendable { case route, gates, validation, backup, handoff = "hand-off", dispatch, verify, rollback, record }

    public struct Options: Sendable {
        public var dryRun: Bool
        public var yes: Bool
        public var isTerminal: Bool
        /// `--to REF` for a rollback.
        public var rollbackTo: String?

        public init(dryRun: Bool = false, yes: Bool = false, isTerminal: Bool = false, rollbackTo: String? = nil) {
            self.dryRun = dryRun
            self.yes = yes
            self.isTerminal = isTerminal
            self.rollbackTo = rollbackTo
        }
    }

    public let workspace: Workspace
    /// One line per stage, for people.
    public var progress: (Stage, String) -> Void
    /// Asks the confirmation question of a high-safety deployment; returns the answer.
    public var confirm: (String) -> String?
    /// Where handler output goes (standard error when standard output carries JSON).
    public var handlerOutput: HandlerOutput

    public init(workspace: Workspace, progress: @escaping (Stage, String) -> Void, confirm: @escaping (String) -> String?,
                handlerOutput: HandlerOutput = .standardStreams) {
        self.workspace = workspace
        self.progress = progress
        self.confirm = confirm
        self.handlerOutput = handlerOutput
    }

    /// Routes and runs a deployment. Errors before routing throw; everything after is in the run.
    public func run(_ request: DeploymentRequest, options: Options) throws(DeployError) -> DeploymentRun {
        let explanation = try Explainer.explain(request, in: workspace)
        let now = Date()
        var run = DeploymentRun(id: Handoff.makeID(commit: explanation.commit, at: now), explanation: explanation,
                                startedAt: now, status: .planned)
        run.previousCommit = try workspace.previousSuccessfulCommit(environment: explanation.environment.name)
        if explanation.routing.mode == .rollback {
            run.rollbackTo = try rollbackCommit(options.rollbackTo, environment: explanation.environment.name,
                                                current: explanation.commit)
        }
        execute(&run, options: options)
        run.finishedAt = Date()
        return run
    }

    private func execute(_ run: inout DeploymentRun, options: Options) {
        let e = run.explanation
        let target = e.target?.rawValue ?? "-"
        // What explain would warn about (a refused trailer, a shallow or capped scan) applies here too.
        for warning in e.warnings { progress(.route, "warning: \(warning)") }

        // Gates, then (high safety, on a terminal, without --yes) the question, asked only when
        // nothing else already says no.
        var context = DeploymentChecks.Context(now: run.startedAt, yes: options.yes, isTerminal: options.isTerminal,
                                               rollbackCommit: run.rollbackTo)
        do {
            var inputs = try DeploymentChecks.inputs(e, workspace: workspace, context: context)
            var gates = GateEvaluator.evaluate(level: e.environment.safety, inputs: inputs)
            if gates.failures.allSatisfy({ $0.gate == "confirmation" }), GateEvaluator.needsPrompt(level: e.environment.safety, inputs: inputs) {
                let answer = confirm("Deploy \(e.commit.map { String($0.prefix(7)) } ?? "HEAD") to \(e.environment.name) via \(target)? [y/N] ")
                context.confirmationAnswer = answer
                inputs.confirmationAnswer = answer
                gates = GateEvaluator.evaluate(level: e.environment.safety, inputs: inputs)
            }
            run.gates = gates
        } catch {
            return stop(&run, .blocked, error)
        }
        for gate in run.gates where gate.status != .pass {
            progress(.gates, "\(gate.status.rawValue): \(gate.gate): \(gate.reason)")
        }
        if e.options.contains(.emergency) { progress(.gates, "EMERGENCY deployment: freeze and promotion gates bypassed (recorded)") }
        if !run.gates.failures.isEmpty {
            return stop(&run, .blocked, DeployError(.blocked, "blocked by \(run.gates.failures.map(\.gate).joined(separator: ", ")): "
                                                    + run.gates.failures.map(\.reason).joined(separator: "; ")))
        }
        progress(.gates, "\(run.gates.count) gate\(run.gates.count == 1 ? "" : "s") passed for \(e.environment.name) (safety \(e.environment.safety.rawValue))")

        let validation = DeploymentChecks.validation(e, context: context)
        run.gates.append(validation)
        guard validation.status != .fail else {
            return stop(&run, .blocked, DeployError(.blocked, validation.reason))
        }
        progress(.validation, validation.reason)

        // The hand-off first, so that the backup and the handler can read it.
        let handoff = Handoff(e, id: run.id, timestamp: run.startedAt, previousCommit: run.previousCommit)
        do {
            run.handoffPath = try DeploymentConfigFile.write(handoff, in: workspace.repository)
        } catch {
            return stop(&run, .failed, error)
        }
        progress(.handoff, "wrote \(run.handoffPath ?? DeploymentConfigFile.name)")

        if options.dryRun {
            progress(.dispatch, "dry run: the handler, backup and probes were not run")
            run.status = .dryRun
            return
        }

        let settings = workspace.configuration.settings(for: e.environment.name)
        let environment: [String: String]
        do {
            environment = try handlerEnvironment(run)
        } catch {
            return stop(&run, .failed, error)
        }
        if e.options.contains(.databaseMigration), let backup = settings.backup {
            progress(.backup, "running \(ShellQuoting.displayArgv(backup))")
            let result = runner(prefix: "backup").run(HandlerCommand(argv: backup, workingDirectory: workingDirectory, environment: environment))
            run.backup = result
            if let error = result.error(handler: "the backup of \(e.environment.name)") {
                return stop(&run, .failed, DeployError(error.kind, error.message + "; nothing was deployed", hint: error.hint))
            }
        }

        guard let handler = workspace.configuration.targets[target] else {
            progress(.dispatch, "no handler for \(target) (add targets.\(target).run to .deploy.yml): planned only")
            run.status = .planned
            return
        }
        progress(.dispatch, "running \(target): \(handler.shell ? handler.run.joined() : ShellQuoting.displayArgv(handler.run))")
        let result = runner(prefix: target).run(HandlerCommand(target: handler, workingDirectory: workingDirectory, environment: environment))
        run.dispatch = result
        if let error = result.error(handler: target) {
            return stop(&run, .failed, error)
        }
        // With nothing to verify, a handler that succeeded is a deployment that succeeded.
        guard let verify = workspace.configuration.verify[e.environment.name], !verify.probes.isEmpty else {
            run.status = .succeeded
            return
        }
        run.status = .dispatched
        progress(.verify, "\(verify.probes.count) probe\(verify.probes.count == 1 ? "" : "s")")
        let report = ProbeRunner(workingDirectory: workingDirectory, environment: environment).run(verify.probes)
        run.verification = report
        for probe in report.probes {
            progress(.verify, "\(probe.result.rawValue): \(probe.layer.rawValue)/\(probe.name) after \(probe.attempts) attempt\(probe.attempts == 1 ? "" : "s")"
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
            if run.rollback?.status == .succeeded || run.rollback?.status == .dispatched {
                run.status = .rolledBack
            }
        }
    }

    private func stop(_ run: inout DeploymentRun, _ status: DeploymentRun.Status, _ error: DeployError) {
        run.status = status
        run.error = error
    }

    private var workingDirectory: String {
        workspace.repository.workTreeRoot ?? workspace.repository.gitDirectory
    }

    private func runner(prefix: String) -> HandlerRunner {
        HandlerRunner(prefix: "[\(prefix)] ", output: handlerOutput)
    }

    /// DEPLOY_* and RELEASE_* (DESIGN §7), with the merged application configuration written beside history.
    func handlerEnvironment(_ run: DeploymentRun) throws(DeployError) -> [String: String] {
        let e = run.explanation
        var appConfig: String?
        if let root = workspace.repository.workTreeRoot {
            let directory = workspace.repository.gitDirectory + "/deploy"
            try FileSystem.createDirectory(directory)
            appConfig = try AppConfigMerger.write(root: root, environment: e.environment.name,
                                                  to: directory + "/app-config-\(run.id).json")
        }
        let context = HandlerContext(
            deployID: run.id, environment: e.environment.name, target: e.target?.rawValue, platform: e.platform?.rawValue,
            mode: e.routing.mode.rawValue, complexity: e.routing.complexity.rawValue, options: e.options.map(\.rawValue),
            commit: e.commit, branch: e.branch, tag: e.tag, safetyLevel: e.environment.safety.rawValue, pipeline: e.pipeline,
            rollbackTo: run.rollbackTo, configFile: run.handoffPath, appConfig: appConfig,
            releaseVersion: e.release.version, releaseManager: e.release.manager, releaseMode: e.release.mode.rawValue)
        return HandlerEnvironment.dictionary(for: context)
    }

    /// `--to REF`, else the environment's previous successful deployment (not the current one).
    public func rollbackCommit(_ revision: String?, environment: String, current: String?) throws(DeployError) -> String? {
        if let revision {
            do {
                return try workspace.repository.resolveCommit(revision).hex
            } catch {
                throw DeployError.badInput("--to \(revision): \(error.message)", hint: "name a commit, tag or branch that exists here")
            }
        }
        let deployed: [ObjectID]
        do {
            deployed = try workspace.history?.successfulCommits(environment: environment) ?? []
        } catch {
            throw DeployError.badInput("cannot read the deployment history: \(error)")
        }
        // The newest successful deployment is what is running; roll back to the one before it.
        let running = deployed.first?.hex
        return deployed.map(\.hex).first { $0 != running && $0 != current } ?? (running != current ? running : nil)
    }

    /// Verification failed with `auto-rollback: true`: route a rollback to the previous
    /// successful deployment and dispatch it to rollback-system.
    private func autoRollback(after run: DeploymentRun) -> RollbackSummary? {
        let e = run.explanation
        let to: String?
        do {
            to = try rollbackCommit(nil, environment: e.environment.name, current: e.commit)
        } catch {
            progress(.rollback, "cannot roll back: \(error.message)")
            return nil
        }
        guard let to, let commit = ObjectID(hex: to) else {
            progress(.rollback, "cannot roll back: no earlier successful deployment of \(e.environment.name)")
            return nil
        }
        progress(.rollback, "verification failed: rolling back \(e.environment.name) to \(commit.short)")
        var request = DeploymentRequest(environment: e.environment.name, platform: e.platform, options: Set(e.options).union([.rollback]),
                                        inferOptions: false, commit: commit)
        request.ref = e.branch.map(DeployRef.branch) ?? e.tag.map(DeployRef.tag)
        var nested = self
        nested.confirm = { _ in "y" }
        do {
            let rollback = try nested.run(request, options: Options(yes: true, rollbackTo: to))
            // Both are recorded: this rollback here, the failed deployment by the caller.
            if rollback.isRecorded, let recorder = workspace.recorder {
                do {
                    try recorder.record(rollback)
                } catch {
                    progress(.rollback, "could not record the rollback \(rollback.id): \(error.message); "
                             + "once that is fixed, record it with: \(ShellQuoting.displayArgv(rollback.recordCommand))")
                }
            }
            return RollbackSummary(id: rollback.id, commit: to, status: rollback.status, error: rollback.error)
        } catch {
            progress(.rollback, "rollback failed: \(error.message)")
            return RollbackSummary(id: "", commit: to, status: .failed, error: error)
        }
    }
}
