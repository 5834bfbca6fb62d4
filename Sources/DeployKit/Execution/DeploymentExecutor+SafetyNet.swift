import Foundation

/// The safety net's stages (issue 17): readiness after the gates, typed backups and the rollback
/// announcement just before dispatch. Kept out of DeploymentExecutor.swift, which calls these.
extension DeploymentExecutor {
    /// Gate `readiness`: the platform check, the environment's readiness probes and, for an
    /// `--external-integrations` deployment, its integration probes, all at once. Returns the
    /// error that blocks the deployment (exit 3), or nil when it may go on. Runs before the
    /// hand-off; a deployment it blocks gets a blocked hand-off, as every other gate's does.
    func checkReadiness(_ run: inout DeploymentRun) -> DeployError? {
        let safety = run.plan.safetyNet
        for note in safety.readinessNotes { diagnostics.progress(.readiness, note) }
        guard !safety.readiness.isEmpty else { return nil }
        let checks = safety.readiness
        diagnostics.progress(.readiness, "\(checks.count) check\(checks.count == 1 ? "" : "s"): "
                             + checks.map { "\($0.kind.rawValue)/\($0.probe.name)" }.joined(separator: ", "))
        // DEPLOY_* as the handler will see them, except DEPLOY_APP_CONFIG, written after readiness.
        let environment = HandlerEnvironment.dictionary(for: run.plan.handlerContext).merging(rollbackVariables(run.plan)) { _, new in new }
        let report = ProbeRunner(workingDirectory: snapshot.workingDirectory, environment: environment).run(checks.map(\.probe))
        run.readiness = report
        var failures: [String] = []
        for (check, probe) in zip(checks, report.probes) {
            let reason = probe.result == .passed ? nil : Self.readinessFailure(check, probe)
            diagnostics.progress(.readiness, "\(probe.result.rawValue): \(check.kind.rawValue)/\(probe.name)"
                                 + (reason.map { ": \($0)" } ?? ""), problem: reason != nil)
            if let reason { failures.append("\(check.kind.rawValue) check \(probe.name): \(reason)") }
        }
        guard !failures.isEmpty else {
            run.gates.append(.pass(.readiness, "\(checks.count) readiness check\(checks.count == 1 ? "" : "s") passed"))
            return nil
        }
        let gate = GateResult.fail(.readiness, failures.joined(separator: "; "))
        run.gates.append(gate)
        let environmentName = run.explanation.environment.name
        return DeployError(.blocked, "blocked by readiness: \(gate.reason); nothing was run",
                           hint: "fix what is not ready, or change environments.\(environmentName).readiness in .deploy.yml (false turns it off)")
    }

    /// Why a readiness probe failed; a platform check whose program is missing says so plainly.
    private static func readinessFailure(_ check: SafetyNetPlan.ReadinessCheck, _ probe: ProbeReport) -> String {
        let detail = probe.lastError ?? "failed"
        if check.kind == .platform, case .command(let argv) = check.probe.check, detail.contains("was not found in PATH") || detail.contains("does not exist") {
            return "'\(argv.first ?? "")' is not installed (not found in PATH); install it, or set readiness.platform to another check or false"
        }
        return detail
    }

    /// Before dispatch: the typed backups that apply (each a stage; the first failure stops the
    /// deployment, exit 4), then the hand-off again with the references they reported, and for a
    /// rollback a line naming its scope and what it replaces.
    func prepareDispatch(_ run: inout DeploymentRun, environment: [String: String]) -> DeployError? {
        let safety = run.plan.safetyNet
        let environmentName = run.explanation.environment.name
        for skipped in safety.skippedBackups {
            diagnostics.progress(.backup, "\(skipped.step.kind.rawValue) backup skipped: \(skipped.reason) (when: \(skipped.step.when))")
        }
        if !safety.backups.isEmpty {
            var preparation = run.plan.handoff.rollback
            let directory = snapshot.repository.gitDirectory + "/deploy"
            for step in safety.backups {
                let kind = step.kind.rawValue
                let outputName = "backup-\(run.id)-\(kind).ref"
                let output = directory + "/" + outputName
                do {
                    try FileSystem.createDirectory(directory)
                    try AtomicFile.write("", to: output, mode: 0o600)
                } catch {
                    return error
                }
                defer { try? FileSystem.remove(output) }
                diagnostics.progress(.backup, "\(kind): running \(ShellQuoting.displayArgv(step.run))")
                var variables = environment
                variables["BACKUP_KIND"] = kind
                variables["DEPLOY_BACKUP_OUTPUT"] = output
                let result = HandlerRunner(prefix: "[backup \(kind)] ", output: handlerOutput)
                    .run(HandlerCommand(argv: step.run, workingDirectory: snapshot.workingDirectory, environment: variables))
                let read = result.outcome.succeeded ? BackupReference.read(outputName, in: directory) : (reference: nil, problem: nil)
                run.backups.append(BackupOutcome(kind: step.kind, result: result, reference: read.reference))
                if let error = result.error(handler: "the \(kind) backup of \(environmentName)") {
                    return DeployError(error.kind, error.message + "; nothing was deployed", hint: error.hint, cause: error)
                }
                if let problem = read.problem { diagnostics.progress(.backup, "warning: \(kind) backup: \(problem)", problem: true) }
                diagnostics.progress(.backup, "\(kind): done in \(String(format: "%.1f", result.duration)) s"
                                     + (read.reference.map { ", reference \($0)" } ?? ""))
                preparation.backupKinds.append(step.kind)
                if let reference = read.reference { preparation.backups[step.kind] = reference }
            }
            // The same verdict as the hand-off written before the backups (every gate passed).
            var handoff = run.plan.handoff(checkedBy: run.gates)
            handoff.rollback = preparation
            do {
                run.handoffPath = try DeploymentConfigFile.write(handoff, in: snapshot.repository)
            } catch {
                return error
            }
            diagnostics.progress(.handoff, "added the backups taken to \(run.handoffPath ?? DeploymentConfigFile.name)")
        }
        if let scope = safety.rollbackScope {
            let backups = scope.fromBackups.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            diagnostics.progress(.rollback, "scope \(scope.scope.rawValue): returning \(environmentName) to \(scope.target.short)"
                                 + (scope.fromID.map { ", replacing \($0)" } ?? "")
                                 + (backups.isEmpty ? "; no backups recorded" : "; backups: \(backups.joined(separator: ", "))"))
        }
        return nil
    }

    /// ROLLBACK_* for a rollback's handler, backups and probes; empty for other deployments.
    func rollbackVariables(_ plan: DeploymentPlan) -> [String: String] {
        plan.safetyNet.rollbackScope?.variables(environment: plan.environment.name, platform: plan.explanation.platform) ?? [:]
    }

    /// What the automatic rollback after a failed verification replaces: the deployment that just
    /// failed, with the backups it took (its entry is written after the rollback's).
    func replacedByAutoRollback(_ run: DeploymentRun) -> ReplacedDeployment {
        ReplacedDeployment(id: run.id, commit: run.explanation.commit,
                           backups: Dictionary(run.backups.compactMap { outcome in outcome.reference.map { (outcome.kind, $0) } },
                                               uniquingKeysWith: { _, last in last }))
    }
}
