import ArgumentParser
import DeployKit
import Foundation

/// `git deploy config`: every effective setting, and with `--show-origin` where it came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration (embedded defaults plus .deploy.yml) after validating it.")

    @Option(help: "Only the settings that concern this environment.")
    var env: String?

    @Flag(help: "Show where each value came from: 'default' or .deploy.yml:LINE.")
    var showOrigin = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Print the reference of every .deploy.yml key (Markdown), from the table the validation uses.")
    var reference = false

    func run() throws {
        if reference {
            print(ConfigurationSchema.markdownReference, terminator: "")
            return
        }
        let snapshot = try RepositorySnapshot.readForProcess()
        let settings = try ConfigurationReport.settings(of: snapshot.configuration, environment: env)
        switch format {
        case .json:
            let entries = settings.map { setting -> JSONValue in
                .object([("key", .string(setting.key)), ("value", .string(setting.value)), ("origin", .string(setting.origin))])
            }
            print(JSONValue.array(entries).serialized())
        case .text:
            let width = settings.map(\.key.count).max() ?? 0
            // Policy origins name a commit ("1a2b3c4:.deploy.yml:5"): never cut, so the column grows.
            let originWidth = max(18, settings.map(\.origin.count).max() ?? 0)
            for setting in settings {
                let key = setting.key.padding(toLength: width, withPad: " ", startingAt: 0)
                let origin = showOrigin ? setting.origin.padding(toLength: originWidth, withPad: " ", startingAt: 0) + "  " : ""
                print(TerminalText.escaped("\(origin)\(key)  \(setting.value)"))
            }
        }
    }
}
