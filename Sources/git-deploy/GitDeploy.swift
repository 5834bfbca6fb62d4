import ArgumentParser

/// `git deploy`: routes what is being pushed, tagged or merged to an environment and a deployment system.

struct GitDeploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-deploy",
        abstract: "Route a Git push, tag or merge to the right environment and deployment system.",
        discussion: """
            Run it as `git deploy …` inside a repository. `explain` shows the decision without side effects.
            Exit codes: 0 routed; 2 bad input (not a repository, bad config, unknown environment, no route); \
            3 blocked by a gate; 4 handler failed; 5 verification failed; 6 deployed but not recorded; 7 could not write its own files; \
            64 usage error; 1 internal fault.
            """,
        version: "0.1.0",
        subcommands: [DeployCommand.self, ExplainCommand.self, RollbackCommand.self, VerifyCommand.self,
                      RecordCommand.self, HistoryCommand.self, ReportCommand.self, StatusCommand.self, ConfigCommand.self,
                      InstallCommand.self, UninstallCommand.self, HookCommand.self, DoctorCommand.self, UnlockCommand.self],
        defaultSubcommand: DeployCommand.self
    )
}
