import ArgumentParser
import DeployKit
import Foundation

/// `git deploy status --watch`: the newest monitoring window's progress, then how it ended.
enum StatusWatch {
    static func run(in snapshot: RepositorySnapshot, environment name: String?, format: OutputFormat) throws {
        var environment: String?
        if let name {
            switch snapshot.configuration.environments.resolve(name) {
            case .success(let definition): environment = definition.name
            case .failure(let unknown): throw DeployError.badInput(unknown.description)
            }
        }
        let diagnostics = StandardError.diagnostics(progressOnStandardOutput: format == .text)
        let ending = try MonitorWatch(snapshot: snapshot, environment: environment).follow { line in
            diagnostics.progress(.monitor, line)
        }
        switch format {
        case .json:
            print(JSONValue.object([("schema", .int(1)), ("id", .string(ending.entry.id)), ("environment", .string(ending.entry.environment)),
                                    ("status", .string(ending.entry.status.rawValue)), ("monitor", ending.entry.monitor ?? .null)]).serialized())
        case .text:
            printText(ending.summary + "\n")
        }
        if ending.exitCode != 0 { throw ExitCode(ending.exitCode) }
    }
}
