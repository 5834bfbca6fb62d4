import Foundation

extension DeploymentRun {
    /// The status the history entry of this run carries.
    public var historyStatus: DeploymentStatus {
        switch status {
        case .planned, .blocked, .dryRun: return .planned
        case .succeeded: return .succeeded
        case .failed: return .failed
        case .rolledBack: return .rolledBack
        }
    }

    /// The `git deploy record …` command that writes this run's entry afterwards, as it would
    /// have been written: same id (so running it twice updates one entry), commit, target,
    /// options, platform and complexity, and `--no-infer` so that nothing is inferred anew.
    public var recordCommand: [String] {
        let e = explanation
        var argv = ["git", "deploy", "record", e.environment.name, "--status", historyStatus.rawValue]
        if let commit = e.commit { argv += ["--commit", commit.hex] }
        argv += ["--id", id]
        if let target = e.target?.rawValue { argv += ["--target", target] }
        argv += ["--duration", String(format: "%.3f", max(0, duration))]
        argv.append("--no-infer")
        argv += e.options.map(\.rawValue)
        if let platform = e.platform?.rawValue { argv += ["--type", platform] }
        argv += ["--complexity", e.routing.complexity.rawValue]
        return argv
    }

    /// Recording failed with `error`. When the handler was dispatched the deployment happened, and
    /// saying "bad input" (exit 2) would tell CI it did not: the result is exit 6, saying what ran,
    /// why it is not in the history, and the command that records it. A run that already failed
    /// keeps its own error (what CI must act on), with the same command appended.
    public func recordingFailed(_ error: DeployError) -> DeployError {
        guard dispatch != nil || backup != nil else { return self.error ?? error }
        let e = explanation
        let what = "\(id) ran (\(e.environment.name), commit \(e.commit?.short ?? "none"), "
            + "handler \(dispatch.map { $0.outcome.succeeded ? "succeeded" : "failed: \($0.outcome.description)" } ?? "not run"), status \(status.rawValue))"
        let record = "once that is fixed, record it with: \(ShellQuoting.displayArgv(recordCommand))"
        if let existing = self.error {
            return DeployError(existing.kind, "\(existing.message); also, \(what) but could not be recorded: \(error.message); \(record)",
                               hint: existing.hint ?? error.hint)
        }
        return DeployError(.notRecorded, "\(what) but could not be recorded: \(error.message); \(record)", hint: error.hint)
    }
}
