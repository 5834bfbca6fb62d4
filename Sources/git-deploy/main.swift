import DeployKit
import Foundation

// The pre-push hook runs on every push, and most pushes route nothing: answer those before the
// argument parser's reflection-based setup, which costs more than the rest of such a run.
let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "hook", arguments[2] == "pre-push", !arguments[3].hasPrefix("-") {
    exit(PrePushHook.run(remote: arguments[3], url: arguments[4], environment: ProcessInfo.processInfo.environment,
                         diagnostics: StandardError.diagnostics()))
}

// `git-deploy monitor-window STATE`: the background process of `--monitor detach`, started by
// git-deploy itself (DetachedMonitor); not a command for people, so not in the help or the manual.
if arguments.count == 3, arguments[1] == DetachedMonitor.subcommand {
    do {
        exit(try DetachedMonitor.run(statePath: arguments[2], diagnostics: StandardError.diagnostics(progressOnStandardOutput: true)))
    } catch {
        StandardError.diagnostics().error(error)
        exit(error.exitCode)
    }
}

// The one catch: a DeployError is printed as git prints errors and becomes its exit code
// (DESIGN §5); everything else (usage errors, --help, ExitCode) the argument parser handles.
do {
    var command = try GitDeploy.parseAsRoot(EmergencyOption.normalized(Array(arguments.dropFirst())))
    try command.run()
} catch let error as DeployError {
    StandardError.diagnostics().error(error)
    exit(error.exitCode)
} catch {
    GitDeploy.exit(withError: error)
}
