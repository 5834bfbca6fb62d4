import ArgumentParser
import DeployKit
import Foundation

/// Plans and runs a deployment for `deploy` and `rollback`, with progress on the right stream,
/// and prints what happened.
struct RunReport {
    let format: OutputFormat

    func deploy(_ request: DeploymentRequest, options: DeploymentExecutor.Options) throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let diagnostics = StandardError.diagnostics(progressOnStandardOutput: format == .text)
        let plan = try Planner.planRun(request, in: snapshot, diagnostics: diagnostics)
        let executor = DeploymentExecutor(snapshot: snapshot, diagnostics: diagnostics, confirm: Terminal.ask,
                                          handlerOutput: format == .json ? .standardError : .standardStreams)
        let run = executor.run(plan, options: options)
        switch format {
        case .json:
            print(run.json.serialized())
        case .text:
            let style = Style.forStandardOutput
            let e = run.explanation
            let headline = TerminalText.escaped("\(run.id): \(e.environment.name) via \(e.target?.rawValue ?? "-") — \(run.status.rawValue)")
            print(run.error == nil ? style.green(headline) : style.red(headline))
            if let error = run.error { StandardError.diagnostics().error(error) }
        }
        if run.exitCode != 0 { throw ExitCode(run.exitCode) }
    }
}
