import ArgumentParser
import DeployKit

/// `git deploy unlock ENV --reason "…"`: remove an environment's lock by hand.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove the deployment lock of ENV (on this machine, and on locks.remote when set), printing whose lock it was.",
        discussion: "For a holder that is stuck, or a remote lock whose holder died before it expired. A run that was waiting then proceeds.")

    @Argument(help: "The environment whose lock to remove.") var environment: String
    @Option(help: "Why the lock is removed (required; printed with the holder).") var reason: String

    mutating func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason is empty: say why the lock is removed")
        }
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let lines = try EnvironmentUnlock.unlock(environment: environment, reason: reason, in: snapshot)
        printText(lines.joined(separator: "\n") + "\n")
    }
}
