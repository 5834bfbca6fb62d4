import ArgumentParser
import DeployKit
import Foundation

/// `git deploy status --watch`: the newest monitoring window's progress, then how it ended.
enum StatusWatch {
    static func run(in snapshot: RepositorySnapshot, environment name: String?, format: OutputFormat) throws {
        let watch = try MonitorWatch(snapshot: snapshot, environmentNamed: name)
        let diagnostics = StandardError.diagnostics(progressOnStandardOutput: format == .text)
        let ending = try watch.follow { line in
            diagnostics.progress(.monitor, line)
        }
        switch format {
        case .json:
            print(ending.json.serialized())
        case .text:
            printText(ending.summary + "\n")
        }
        if ending.exitCode != 0 { throw ExitCode(ending.exitCode) }
    }
}
