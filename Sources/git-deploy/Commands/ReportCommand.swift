import ArgumentParser
import DeployKit
import Foundation

enum ReportOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html
}

/// `git deploy report`: DORA's four keys per environment and overall, as text, JSON or one HTML file.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show DORA's four keys (deployment frequency, lead time, change failure rate, time to restore) per environment.",
        discussion: """
            Computed from refs/notes/deployments and the commit graph (lead time from committer dates). \
            Each key gets DORA's band (elite, high, medium, low) and its trend against the window before. \
            `history --metrics` is an alias of this command.
            """)

    @Argument(help: ArgumentHelp("Only these environments (default: all configured or recorded).", valueName: "ENV"))
    var environments: [String] = []

    @Option(help: ArgumentHelp("Start of the window: 90d, 12w, 48h before now, a day (2026-01-31) or an ISO 8601 time.", valueName: "WHEN"))
    var since = "90d"

    @Option(help: ArgumentHelp("End of the window (default now); a day includes that day.", valueName: "WHEN"))
    var until: String?

    @Option(help: "Output format: text, json (schema 1) or html (one self-contained file).")
    var format: ReportOutputFormat = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    mutating func validate() throws {
        _ = try window(now: Date())
    }

    func window(now: Date) throws -> ReportWindow {
        guard let start = ReportWindow.parseBound(since, now: now, isEnd: false) else {
            throw ValidationError("--since \(TerminalText.escaped(String(since.prefix(40)))): give 90d, 12w, 48h, a day (2026-01-31) or an ISO 8601 time")
        }
        let end = try until.map { text in
            guard let end = ReportWindow.parseBound(text, now: now, isEnd: true) else {
                throw ValidationError("--until \(TerminalText.escaped(String(text.prefix(40)))): give 7d, a day (2026-03-31) or an ISO 8601 time")
            }
            return end
        } ?? now
        guard start < end else { throw ValidationError("--since must be before --until") }
        guard end.timeIntervalSince(start) <= Double(ReportWindow.maximumDays) * 86_400 else {
            throw ValidationError("the window is longer than \(ReportWindow.maximumDays) days; give a later --since")
        }
        return ReportWindow(since: start, until: end)
    }

    func run() throws {
        let snapshot = try RepositorySnapshot.readForProcess()
        let now = Date()
        let report = try DeploymentReport.make(ReportRequest(environments: environments, window: window(now: now)), in: snapshot)
        report.warnings.forEach(StandardError.diagnostics().warning)
        let rendered = switch format {
        case .text: ReportText.render(report)
        case .json: report.json.serialized() + "\n"
        case .html: ReportHTML.render(report, generated: now)
        }
        if let output {
            try AtomicFile.write(rendered, to: output)
        } else if format == .text {
            printText(rendered)
        } else {
            print(rendered, terminator: "")
        }
    }
}
