import ArgumentParser
import DeployCore
import DeployKit
import Foundation

/// `git deploy [ENV]`: route, check, hand off, dispatch, verify and record a deployment.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy: route the current ref, run the environment's gates, write .deployment_config, run the target's handler, verify and record.",
        discussion: "One deployment per environment runs at a time: a second waits for the first (--wait-timeout, --no-wait); --dry-run takes no lock. A commit older than the environment's running one is refused (gate outdated) unless --allow-outdated. Exit codes: 0 deployed (or planned when no handler is configured); 2 bad input; 3 blocked by a gate (lock and outdated included), validation or readiness; 4 a backup or the handler failed; 5 verification or the monitoring window failed; 6 deployed but not recorded (the error prints the git deploy record command that records it); 7 git-deploy could not write its own files.")

    @OptionGroup var routing: RoutingOptions
    @OptionGroup var lock: LockOptions
    @Flag(help: "Deploy even when the commit is older than the one the environment runs now (an ancestor of it).") var allowOutdated = false

    @Flag(help: "Do everything except running the backups, the handler and the probes (readiness checks do run; the environment lock is not taken).") var dryRun = false
    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation (needed for high-safety environments without a terminal).") var yes = false
    @Option(help: "Output format: text or json (progress then goes to standard error).") var format: OutputFormat = .text
    @Option(help: MonitorMode.help) var monitor: MonitorMode = .foreground

    func run() throws {
        var request = routing.request(environmentVariables: ProcessInfo.processInfo.environment)
        request.checks = DeploymentChecks.Context(yes: yes, isTerminal: Terminal.isInteractive)
        var options = DeploymentExecutor.Options(dryRun: dryRun, monitor: monitor, liveLine: LiveLine.forTerminal())
        options.lock = lock.waiting
        options.allowOutdated = allowOutdated
        try RunReport(format: format).deploy(request, options: options)
    }
}

/// `git deploy rollback ENV [--to REF]`: deploy an earlier commit through rollback-system.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll ENV back to --to REF, or to its previous successful deployment, through rollback-system.")

    @Argument(help: "The environment to roll back.") var environment: String
    @Option(help: "The commit, tag or branch to return to (default: the previous successful deployment).") var to: String?
    @Option(help: ArgumentHelp("What to roll back: full, application, database or configuration (ROLLBACK_SCOPE; targets.rollback-system.scopes.SCOPE.run runs when configured).", valueName: "SCOPE"))
    var scope: RollbackScope = .full
    @Option(name: .customLong("emergency"), help: EmergencyOption.help) var emergencyReason: String?
    @Flag(help: "Do everything except running the backups, the handler and the probes (readiness checks do run; the environment lock is not taken).") var dryRun = false
    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.") var yes = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(help: ArgumentHelp("How the environment's monitoring window watches the rollback (it never rolls a rollback back).", valueName: "foreground|detach|off"))
    var monitor: MonitorMode = .foreground

    @OptionGroup var lock: LockOptions

    mutating func validate() throws {
        emergencyReason = try EmergencyOption.validate(emergencyReason)
    }

    func run() throws {
        let request = DeploymentRequest(
            environment: environment, options: emergencyReason != nil ? [.rollback, .emergency] : [.rollback], inferOptions: false,
            environmentVariables: ProcessInfo.processInfo.environment,
            checks: DeploymentChecks.Context(yes: yes, isTerminal: Terminal.isInteractive), rollback: RollbackRequest(to: to, scope: scope))
            .withEmergencyReason(emergencyReason)
        var options = DeploymentExecutor.Options(dryRun: dryRun, monitor: monitor, liveLine: LiveLine.forTerminal())
        options.lock = lock.waiting
        try RunReport(format: format).deploy(request, options: options)
    }
}
