import ArgumentParser
import DeployCore
import DeployKit
import Foundation

/// `git deploy [ENV]`: route, check, hand off, dispatch, verify and record a deployment.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy: route the current ref, run the environment's gates, write .deployment_config, run the target's handler, verify and record.",
        discussion: "Exit codes: 0 deployed (or planned when no handler is configured); 2 bad input; 3 blocked by a gate or validation; 4 backup or handler failed; 5 verification failed; 6 deployed but not recorded (the error prints the git deploy record command that records it).")

    @OptionGroup var routing: RoutingOptions

    @Flag(help: "Do everything except running the handler, the backup and the probes.") var dryRun = false
    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation (needed for high-safety environments without a terminal).") var yes = false
    @Option(help: "Output format: text or json (progress then goes to standard error).") var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = try Workspace.openForProcess()
            let request = routing.request(environmentVariables: ProcessInfo.processInfo.environment)
            let run = try DeployRunner(format: format).execute(
                request, workspace: workspace, options: DeploymentPipeline.Options(dryRun: dryRun, yes: yes, isTerminal: Terminal.isInteractive))
            if run.exitCode != 0 { throw ExitCode(run.exitCode) }
        }
    }
}

/// `git deploy rollback ENV [--to REF]`: deploy an earlier commit through rollback-system.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll ENV back to --to REF, or to its previous successful deployment, through rollback-system.")

    @Argument(help: "The environment to roll back.") var environment: String
    @Option(help: "The commit, tag or branch to return to (default: the previous successful deployment).") var to: String?
    @Flag(help: "Bypass freeze windows and promotion gates (printed and recorded).") var emergency = false
    @Flag(help: "Do everything except running the handler and the probes.") var dryRun = false
    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.") var yes = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = try Workspace.openForProcess()
            let pipeline = DeploymentPipeline(workspace: workspace, progress: { _, _ in }, confirm: { _ in nil })
            guard let target = try pipeline.rollbackCommit(to, environment: environment, current: nil) else {
                throw DeployError(.blocked, "no commit to roll \(environment) back to: history has no earlier successful deployment",
                                  hint: "name one with --to REF")
            }
            var options: Set<DeployOption> = [.rollback]
            if emergency { options.insert(.emergency) }
            let request = DeploymentRequest(environment: environment, options: options, inferOptions: false, revision: target,
                                            environmentVariables: ProcessInfo.processInfo.environment)
            let run = try DeployRunner(format: format).execute(
                request, workspace: workspace,
                options: DeploymentPipeline.Options(dryRun: dryRun, yes: yes, isTerminal: Terminal.isInteractive, rollbackTo: target))
            if run.exitCode != 0 { throw ExitCode(run.exitCode) }
        }
    }
}

/// Runs the pipeline with progress on the right stream, records, and prints the report.
struct DeployRunner {
    let format: OutputFormat

    func execute(_ request: DeploymentRequest, workspace: Workspace, options: DeploymentPipeline.Options) throws -> DeploymentRun {
        let style = format == .json ? Style(colour: false) : Style.forStandardOutput
        // Progress lines quote ref names, commit subjects and probe errors: escaped, then coloured.
        let say: (String, String) -> Void = format == .json
            ? { prefix, line in printError(prefix + " " + line) }
            : { prefix, line in print(prefix + " " + TerminalText.escaped(line)) }
        let pipeline = DeploymentPipeline(
            workspace: workspace,
            progress: { stage, line in say(style.dim("[\(stage.rawValue)]"), line) },
            confirm: { question in Terminal.ask(question) },
            handlerOutput: format == .json ? .standardError : .standardStreams)
        var run = try pipeline.run(request, options: options)
        if run.isRecorded, let recorder = workspace.recorder {
            do {
                try recorder.record(run)
                say(style.dim("[record]"), "\(run.id) recorded as \(run.status.rawValue)")
            } catch {
                say(style.yellow("[record]"), "could not record \(run.id): \(error.message)")
                run.error = run.recordingFailed(error)
            }
        }
        switch format {
        case .json:
            print(run.json.serialized())
        case .text:
            let e = run.explanation
            let headline = "\(run.id): \(e.environment.name) via \(e.target?.rawValue ?? "-") — \(run.status.rawValue)"
            print(run.error == nil ? style.green(TerminalText.escaped(headline)) : style.red(TerminalText.escaped(headline)))
            if let error = run.error { printError(error) }
        }
        return run
    }
}
