import ArgumentParser
import DeployKit
import Foundation

/// `git deploy hook pre-push|post-merge|post-rewrite …`: the entry points the installed hook scripts exec.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Entry points for the installed Git hooks (not usually run by hand).",
        subcommands: [PrePush.self, PostMerge.self, PostRewrite.self, PreReceive.self])

    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Route the refs Git is pushing (read from standard input) and block unsafe high-safety pushes.")

        @Argument(help: "The remote's name (or URL when pushing to a URL).") var remote: String
        @Argument(help: "The remote's URL.") var url: String

        func run() throws {
            let status = PrePushHook.run(remote: remote, url: url, environment: ProcessInfo.processInfo.environment,
                                         diagnostics: StandardError.diagnostics())
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct PreReceive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-receive",
            abstract: "On the server (a bare repository): reject a push whose refs bound for a high-safety environment fail the default branch's policy.")

        func run() throws {
            let status = PreReceiveHook.run(environment: ProcessInfo.processInfo.environment, diagnostics: StandardError.diagnostics())
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct PostMerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "post-merge",
            abstract: "Route the current branch after a merge or pull and refresh .deployment_config; deploy it where the environment sets auto-dispatch.")

        @Argument(help: "1 when the merge was a squash merge, else 0.") var squash: String = "0"

        func run() throws {
            let status = PostMergeHook.run(squash: squash == "1", environment: ProcessInfo.processInfo.environment,
                                           diagnostics: StandardError.diagnostics())
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct PostRewrite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "post-rewrite",
            abstract: "Route the current branch after a rebase (the rewritten commits on standard input); amends route nothing.")

        @Argument(help: "What rewrote the commits: rebase or amend.") var command: String

        func run() throws {
            let status = PostRewriteHook.run(command: command, environment: ProcessInfo.processInfo.environment,
                                             diagnostics: StandardError.diagnostics())
            if status != 0 { throw ExitCode(status) }
        }
    }
}
