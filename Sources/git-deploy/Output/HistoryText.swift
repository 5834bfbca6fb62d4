import DeployKit
import Foundation

/// Text output of `record`, `history` and `status`, for people.
enum HistoryText {
    static func recorded(_ outcome: RecordOutcome) -> String {
        let entry = outcome.entry
        let target = entry.target.map { " → \($0)" } ?? ""
        let branch = entry.branch.map { " (\($0))" } ?? ""
        return TerminalText.escaped("Recorded \(entry.id): \(entry.environment) \(entry.status.rawValue), commit \(entry.commit.short)\(branch)\(target)")
            + "\n" + TerminalText.escaped("Metrics: \(outcome.metricsPath)")
    }

    static func entries(_ entries: [DeploymentRecord]) -> String {
        guard !entries.isEmpty else { return "No deployments recorded.\n" }
        let rows = entries.map { entry in
            [display(entry.timestamp), entry.environment, entry.status.rawValue, entry.commit.short,
             entry.target ?? "-", entry.branch ?? entry.tag ?? "-", entry.id]
        }
        return table(["TIME (UTC)", "ENV", "STATUS", "COMMIT", "TARGET", "REF", "ID"], rows)
            + emergencies(entries)
    }

    /// Emergency deployments below the table, one line each with who and why (issue 14).
    static func emergencies(_ entries: [DeploymentRecord]) -> String {
        entries.compactMap(\.emergencyLine).map { TerminalText.escaped($0) + "\n" }.joined()
    }

    static func metrics(_ summaries: [DeploymentMetrics], window: Int) -> String {
        guard !summaries.isEmpty else { return "No deployments recorded.\n" }
        let rows = summaries.map { metrics in
            [metrics.environment, String(metrics.deployments), rate(metrics), duration(metrics.medianDurationSeconds),
             "\(metrics.succeeded) ok, \(metrics.failed) failed, \(metrics.rolledBack) rolled back, \(metrics.inProgress) in progress"]
        }
        return "Over the last \(window) deployments of each environment:\n"
            + table(["ENV", "DEPLOYMENTS", "SUCCESS", "MEDIAN", "OUTCOMES"], rows)
    }

    static func status(_ report: StatusReport) -> String {
        let head = report.head.map { "\(report.branch ?? "detached HEAD") at \($0.short)" } ?? "no commits yet"
        var text = "HEAD: \(TerminalText.escaped(head))\n"
        let rows = report.rows.map { row -> [String] in
            guard let current = row.current else {
                let latest = row.latest.map { "last: \($0.status.rawValue) \($0.commit.short)" } ?? "never deployed"
                return [row.environment, "-", "-", "-", latest, "-", "-"]
            }
            let ahead = row.ahead.map { $0 == 0 ? "up to date" : "+\($0) commits" } ?? (row.note ?? "-")
            // A window still running says how to follow it.
            let monitoring = current.monitorOutcome.flatMap { $0.isFinal ? nil : "monitoring \($0.rawValue): git deploy status --watch" }
            let latest = row.latest.flatMap { $0.id == current.id ? nil : "last: \($0.status.rawValue) \($0.commit.short)" } ?? monitoring ?? ""
            return [row.environment, current.commit.short, row.ageSeconds.map(age) ?? "-", ahead, latest,
                    rate(row.metrics), duration(row.metrics.medianDurationSeconds)]
        }
        text += table(["ENV", "DEPLOYED", "AGE", "HEAD IS", "NOTE", "SUCCESS", "MEDIAN"], rows)
        // What runs now, or the newest attempt, bypassed gates: say who and why.
        let emergencies = report.rows.flatMap { row in [row.current, row.latest].compactMap { $0 } }
        var seen = Set<String>()
        return text + self.emergencies(emergencies.filter { seen.insert($0.id).inserted })
    }

    private static func rate(_ metrics: DeploymentMetrics) -> String {
        metrics.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
    }

    private static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return seconds < 60 ? String(format: "%.0fs", seconds) : String(format: "%.0fm%02.0fs", (seconds / 60).rounded(.down), seconds.truncatingRemainder(dividingBy: 60))
    }

    private static func age(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "just now"
        case ..<3600: "\(seconds / 60) min ago"
        case ..<86_400: "\(seconds / 3600) h ago"
        default: "\(seconds / 86_400) days ago"
        }
    }

    /// `2026-05-01T10:00:00.123Z` as `2026-05-01 10:00:00`.
    private static func display(_ timestamp: String) -> String {
        guard timestamp.count >= 19 else { return timestamp }
        return timestamp.prefix(10) + " " + timestamp.dropFirst(11).prefix(8)
    }

    /// Cells come from notes anyone who can push the notes ref wrote: each is escaped (a newline
    /// in one would fake a row) before the columns are measured.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.escaped) }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
