import DeployKit

/// `explain`'s "Safety net" section (issue 17): the readiness checks a run makes, the backups it
/// takes, and what a rollback of it returns to.
struct SafetyNetText {
    let plan: DeploymentPlan
    let style: Style

    /// Empty when there is nothing to say: no readiness check, no backup configured and no
    /// earlier deployment to return to (a repository without a safety net reads as before).
    func render() -> String {
        let safety = plan.safetyNet
        guard !safety.readiness.isEmpty || !safety.backups.isEmpty || !safety.skippedBackups.isEmpty
                || safety.rollback.commit != nil || safety.rollbackScope != nil else { return "" }
        var lines = ["", style.bold("Safety net")]
        func row(_ label: String, _ value: String) {
            let column = (label.isEmpty ? "" : label + ":").padding(toLength: 14, withPad: " ", startingAt: 0)
            lines.append("  " + style.dim(column) + TerminalText.escaped(value))
        }
        let readiness = safety.readiness.map { "\($0.kind.rawValue)/\($0.probe.name): \($0.probe.check.summary)" } + safety.readinessNotes
        for (index, line) in (readiness.isEmpty ? ["none"] : readiness).enumerated() { row(index == 0 ? "Readiness" : "", line) }
        let backups = safety.backups.map { "\($0.kind.rawValue): \(ShellQuoting.displayArgv($0.run)) (when \($0.when))" }
            + safety.skippedBackups.map { "\($0.step.kind.rawValue): skipped, \($0.reason)" }
        for (index, line) in (backups.isEmpty ? ["none configured"] : backups).enumerated() { row(index == 0 ? "Backups" : "", line) }
        if let commit = safety.rollback.commit {
            row("Rollback to", "\(commit.hex) (\(safety.rollback.deploymentID ?? "unknown id"))")
        } else {
            row("Rollback to", "nothing: \(plan.environment.name) has no successful deployment yet")
        }
        if let scope = safety.rollbackScope {
            row("Scope", "\(scope.scope.rawValue), returning to \(scope.target.hex)")
            let from = scope.fromBackups.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            row("Replacing", (scope.fromID ?? "no recorded deployment") + (from.isEmpty ? "" : "; backups: " + from.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
