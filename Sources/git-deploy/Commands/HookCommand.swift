import ArgumentParser
import DeployKit
import Foundation

/// `git deploy hook pre-push|post-merge …`: the entry points the installed hook scripts exec.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Entry points for the installed Git hooks (not usually run by hand).",
        subcommands: [PrePush.self, PostMerge.self])

    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Route the refs Git is pushing (read from standard input) and block unsafe high-safety pushes.")

        @Argument(help: "The remote's name (or URL when pushing to a URL).") var remote: String
        @Argument(help: "The remote's URL.") var url: String

        func run() throws {
            let status = HookEntry.prePush(remote: remote, url: url)
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct PostMerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "post-merge",
            abstract: "Route the current branch after a merge or pull and refresh .deployment_config.")

        @Argument(help: "1 when the merge was a squash merge, else 0.") var squash: String = "0"

        func run() throws {
            let status = HookEntry.postMerge(squash: squash == "1")
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// The hook bodies, shared by the commands above and the fast path in main.swift.
enum HookEntry {
    static func prePush(remote: String, url: String) -> Int32 {
        let input: Data
        do {
            input = try PrePushInput.read()
        } catch {
            printError(error)
            return error.exitCode
        }
        let environment = ProcessInfo.processInfo.environment
        return PrePushHook.run(remote: remote, url: url, input: input, hookPath: environment["GIT_DEPLOY_HOOK_PATH"],
                               environment: environment, log: { printError($0) })
    }

    static func postMerge(squash: Bool) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        do {
            if let status = try ChainedHook.run(hookPath: environment["GIT_DEPLOY_HOOK_PATH"], arguments: [squash ? "1" : "0"],
                                                stdin: Data()), status != 0 {
                printError("git-deploy: the chained post-merge hook failed with status \(status)")
                return status
            }
            if environment["GIT_DEPLOY_SKIP"] == "1" { return 0 }
            guard let (_, outcome) = try PostMergeHook.route(squash: squash, environment: environment) else { return 0 }
            let e = outcome.explanation
            printError("git-deploy: \(e.branch ?? "HEAD") → \(e.environment.name) (safety \(e.environment.safety.rawValue)) via \(e.target?.rawValue ?? "-"); wrote \(outcome.handoffPath)")
            for warning in e.warnings { printError("git-deploy: warning: \(warning)") }
            if outcome.autoDispatch {
                printError("git-deploy: auto-dispatch is set for \(e.environment.name): run 'git deploy \(e.environment.name)' to deploy")
            }
            return 0
        } catch {
            // A merge has already happened: report, never fail it.
            printError("warning: git-deploy post-merge: \(error.message)")
            return 0
        }
    }
}
