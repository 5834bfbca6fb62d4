import DeployKit
import Foundation

/// `git deploy report` as text: one row per environment and one for all, each key with its band and trend.
enum ReportText {
    static func render(_ report: DeploymentReport) -> String {
        var text = "Deployments from \(ReportFormat.window(report.window)); trend against the same length before.\n\n"
        let rows = (report.rows + (report.rows.count > 1 ? [report.overall] : [])).map(cells)
        text += HistoryText.table(["ENV", "DEPLOYS", "FREQUENCY", "LEAD TIME (MEDIAN, P90)", "CHANGE FAILURE", "TIME TO RESTORE"], rows)
        if report.rows.isEmpty { text += "No deployments recorded.\n" }
        text += "\nBands: elite, high, medium, low (DORA). Trend: ↑ better, ↓ worse, = same as the window before.\n"
        return text
    }

    static func cells(_ row: DeploymentReport.Row) -> [String] {
        let keys = row.current, bands = keys.bands, trends = row.trends
        return [
            row.environment ?? "all",
            "\(keys.samples.deployments)",
            cell(ReportFormat.frequency(keys), bands.deploymentFrequency, trends.deploymentFrequency),
            cell(ReportFormat.leadTime(keys), bands.leadTime, trends.leadTime),
            cell(ReportFormat.percent(keys.changeFailureRate), bands.changeFailureRate, trends.changeFailureRate),
            cell(ReportFormat.duration(keys.timeToRestoreMedian), bands.timeToRestore, trends.timeToRestore),
        ]
    }

    /// `status`: one line per environment with the four keys and their bands.
    static func statusLines(_ report: DeploymentReport) -> String {
        let width = report.rows.map { TerminalText.escaped($0.environment ?? "").count }.max() ?? 0
        return report.rows.map { row in
            let keys = row.current, bands = keys.bands
            let name = TerminalText.escaped(row.environment ?? "all").padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(name)  deploys \(ReportFormat.frequency(keys)) (\(bands.deploymentFrequency.rawValue))"
                + " · lead time \(ReportFormat.duration(keys.leadTimeMedian))\(band(bands.leadTime))"
                + " · change failure \(ReportFormat.percent(keys.changeFailureRate))\(band(bands.changeFailureRate))"
                + " · restore \(ReportFormat.duration(keys.timeToRestoreMedian))\(band(bands.timeToRestore))"
        }.joined(separator: "\n") + "\n"
    }

    private static func band(_ band: PerformanceBand?) -> String { band.map { " (\($0.rawValue))" } ?? "" }

    private static func cell(_ value: String, _ band: PerformanceBand?, _ trend: Trend?) -> String {
        [value, band?.rawValue, ReportFormat.arrow(trend)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
