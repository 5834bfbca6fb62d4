import ArgumentParser
import DeployKit
import Foundation

/// `git deploy doctor`: checks the installation and the repository and says what to fix.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation (binary on PATH, libgit2, hooks, configuration, history sharing) and say what to fix.",
        discussion: "Exits 0 when nothing fails, 2 when something must be fixed.")

    func run() throws {
        let style = Style.forStandardOutput
        let findings = Doctor.run(executablePath: CommandLine.arguments[0], environment: ProcessInfo.processInfo.environment)
        for finding in findings {
            let mark: String
            switch finding.status {
            case .ok: mark = style.green("ok  ")
            case .warn: mark = style.yellow("warn")
            case .fail: mark = style.red("FAIL")
            }
            // The mark is coloured; what follows may quote paths and configuration: escaped.
            print("\(mark) " + TerminalText.escaped("\(finding.check): \(finding.detail)"))
            if let fix = finding.fix { printText("     fix: \(fix)\n") }
        }
        if findings.contains(where: { $0.status == .fail }) { throw ExitCode(2) }
    }
}
