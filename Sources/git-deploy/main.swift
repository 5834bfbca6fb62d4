import Foundation

// The pre-push hook runs on every push, and most pushes route nothing: answer those before the
// argument parser's reflection-based setup, which costs more than the rest of such a run.
let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "hook", arguments[2] == "pre-push", !arguments[3].hasPrefix("-") {
    exit(HookEntry.prePush(remote: arguments[3], url: arguments[4]))
}
GitDeploy.main()
