import ArgumentParser
import DeployKit
import Foundation

/// `git-deploy monitor-window STATE` (hidden): the background process of `--monitor detach`,
/// started by git-deploy itself in a new session with its output in `.git/deploy/monitor/<id>.log`.
struct MonitorWindowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: DetachedMonitor.subcommand,
        abstract: "Run a detached monitoring window (started by git deploy --monitor detach).",
        shouldDisplay: false)

    @Argument(help: "The state file git deploy wrote.") var state: String

    func run() throws {
        let status = try DetachedMonitor.run(statePath: state, diagnostics: StandardError.diagnostics(progressOnStandardOutput: true))
        if status != 0 { throw ExitCode(status) }
    }
}
