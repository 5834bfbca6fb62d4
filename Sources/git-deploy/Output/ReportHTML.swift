import DeployKit
import Foundation

/// `git deploy report --format html`: one self-contained file. Inline CSS and SVG only; its
/// Content-Security-Policy forbids every fetch, so a browser opening it makes no network request.
/// Every text from the history (environment, ref, user) is escaped: anyone who can push notes wrote it.
enum ReportHTML {
    static let palette = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#72B7B2", "#9D755D", "#BAB0AC", "#EECA3B"]

    static func render(_ report: DeploymentReport, generated: Date) -> String {
        let names = report.rows.compactMap(\.environment)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Deployment report: \(escape(ReportFormat.window(report.window)))</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1>Deployment report</h1>
        <p class="sub">\(escape(ReportFormat.window(report.window))) · trends against the \(escape(lengthText(report.window))) before · generated \(escape(ReportFormat.moment(generated))) UTC by git-deploy</p>
        </header>
        <main>
        \(keyCards(report.overall, title: names.count == 1 ? names[0] : "All environments"))
        \(report.rows.count > 1 ? environmentTable(report) : "")
        <div class="charts">
        \(weeklyChart(report, names: names))
        \(leadTimeChart(report))
        </div>
        \(recentTable(report))
        \(report.warnings.isEmpty ? "" : "<section><h2>Warnings</h2><ul>" + report.warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul></section>")
        <footer>Bands follow DORA's State of DevOps report: elite, high, medium, low. Lead time runs from each commit's committer date to the successful deployment that first reached it.</footer>
        </main>
        </body>
        </html>

        """
    }

    // MARK: The four keys

    private static func keyCards(_ row: DeploymentReport.Row, title: String) -> String {
        let keys = row.current, previous = row.previous, bands = keys.bands, trends = row.trends
        let cards = [
            card("Deployment frequency", key: "deployment_frequency_per_day", value: keys.frequencyPerDay,
                 shown: ReportFormat.frequency(keys), detail: "\(keys.samples.successful) successful of \(keys.samples.deployments)",
                 band: bands.deploymentFrequency, trend: trends.deploymentFrequency,
                 before: previous.samples.deployments == 0 ? nil : ReportFormat.frequency(previous)),
            card("Lead time for changes", key: "lead_time_seconds.median", value: keys.leadTimeMedian,
                 shown: ReportFormat.duration(keys.leadTimeMedian),
                 detail: keys.leadTimeMedian == nil ? "no commit reached" : "median of \(keys.samples.leadTimes.count) commits · p90 \(ReportFormat.duration(keys.leadTimeP90))",
                 band: bands.leadTime, trend: trends.leadTime, before: previous.leadTimeMedian.map { ReportFormat.duration($0) }),
            card("Change failure rate", key: "change_failure_rate", value: keys.changeFailureRate,
                 shown: ReportFormat.percent(keys.changeFailureRate), detail: "\(keys.samples.failures) of \(keys.samples.deployments) deployments",
                 band: bands.changeFailureRate, trend: trends.changeFailureRate, before: previous.changeFailureRate.map { ReportFormat.percent($0) }),
            card("Time to restore", key: "time_to_restore_seconds.median", value: keys.timeToRestoreMedian,
                 shown: ReportFormat.duration(keys.timeToRestoreMedian),
                 detail: "\(keys.samples.restoreTimes.count) restored" + (keys.samples.unrestored > 0 ? " · \(keys.samples.unrestored) not yet" : ""),
                 band: bands.timeToRestore, trend: trends.timeToRestore, before: previous.timeToRestoreMedian.map { ReportFormat.duration($0) }),
        ]
        return "<section aria-labelledby=\"keys-title\"><h2 id=\"keys-title\">The four keys · \(escape(title))</h2><div class=\"cards\">\(cards.joined())</div></section>"
    }

    private static func card(_ title: String, key: String, value: Double?, shown: String, detail: String,
                             band: PerformanceBand?, trend: Trend?, before: String?) -> String {
        let trendText = switch trend {
        case .better?: "<span class=\"trend better\">▲ better</span>"
        case .worse?: "<span class=\"trend worse\">▼ worse</span>"
        case .same?: "<span class=\"trend\">= same</span>"
        case nil: ""
        }
        let previous = before.map { " than \(escape($0)) before" } ?? ""
        return """
        <div class="card" data-key="\(key)" data-value="\(value.map { String($0) } ?? "null")">
        <h3>\(escape(title))</h3>
        <p class="value">\(escape(shown))</p>
        <p>\(bandPill(band)) \(trendText)<span class="muted">\(trendText.isEmpty ? "" : previous)</span></p>
        <p class="muted">\(escape(detail))</p>
        </div>
        """
    }

    private static func bandPill(_ band: PerformanceBand?) -> String {
        guard let band else { return "<span class=\"band none\">no data</span>" }
        return "<span class=\"band \(band.rawValue)\">\(band.rawValue)</span>"
    }

    private static func environmentTable(_ report: DeploymentReport) -> String {
        let rows = (report.rows + [report.overall]).map { row -> String in
            let keys = row.current, bands = keys.bands
            return "<tr\(row.environment == nil ? " class=\"total\"" : "")><th scope=\"row\">\(escape(row.environment ?? "All"))</th>"
                + "<td class=\"num\">\(keys.samples.deployments)</td>"
                + "<td>\(escape(ReportFormat.frequency(keys))) \(bandPill(bands.deploymentFrequency))</td>"
                + "<td>\(escape(ReportFormat.leadTime(keys))) \(bandPill(bands.leadTime))</td>"
                + "<td>\(escape(ReportFormat.percent(keys.changeFailureRate))) \(bandPill(bands.changeFailureRate))</td>"
                + "<td>\(escape(ReportFormat.duration(keys.timeToRestoreMedian))) \(bandPill(bands.timeToRestore))</td></tr>"
        }
        return """
        <section aria-labelledby="env-title"><h2 id="env-title">Per environment</h2>
        <table><thead><tr><th scope="col">Environment</th><th scope="col" class="num">Deployments</th><th scope="col">Frequency</th>
        <th scope="col">Lead time (median, p90)</th><th scope="col">Change failure rate</th><th scope="col">Time to restore</th></tr></thead>
        <tbody>\(rows.joined(separator: "\n"))</tbody></table></section>
        """
    }

    // MARK: Charts

    private static let chartWidth = 560.0, chartHeight = 220.0
    private static let left = 40.0, bottom = 28.0, top = 12.0, right = 10.0

    /// Stacked bars: successful deployments per week and environment, failures stacked on top, hatched.
    private static func weeklyChart(_ report: DeploymentReport, names: [String]) -> String {
        let window = report.window
        let weeks = max(1, Int((window.days / 7).rounded(.up)))
        var ok = Array(repeating: [Int](repeating: 0, count: names.count), count: weeks)
        var failed = Array(repeating: 0, count: weeks)
        for (entry, date) in report.entries where entry.status.isFinished {
            let week = min(weeks - 1, Int(date.timeIntervalSince(window.since) / 604_800))
            if entry.status == .succeeded, let index = names.firstIndex(of: entry.environment) { ok[week][index] += 1 } else if entry.status != .succeeded { failed[week] += 1 }
        }
        let totals = (0..<weeks).map { ok[$0].reduce(0, +) + failed[$0] }
        let highest = max(1, totals.max() ?? 1)
        let scale = niceCeiling(Double(highest))
        let plotWidth = chartWidth - left - right, plotHeight = chartHeight - top - bottom
        let slot = plotWidth / Double(weeks), barWidth = max(2, slot * 0.72)
        var shapes = grid(max: scale, label: { String(Int($0)) })
        for week in 0..<weeks {
            let x = left + Double(week) * slot + (slot - barWidth) / 2
            var y = chartHeight - bottom
            for (index, count) in ok[week].enumerated() where count > 0 {
                let height = Double(count) / scale * plotHeight
                y -= height
                shapes.append(rect(x, y, barWidth, height, fill: palette[index % palette.count],
                                   title: "week of \(day(window.since.addingTimeInterval(Double(week) * 604_800))): \(count) successful to \(names[index])"))
            }
            if failed[week] > 0 {
                let height = Double(failed[week]) / scale * plotHeight
                y -= height
                shapes.append(rect(x, y, barWidth, height, fill: "url(#failed)", cssClass: "failed",
                                   title: "week of \(day(window.since.addingTimeInterval(Double(week) * 604_800))): \(failed[week]) failed or rolled back"))
            }
            if weeks <= 16 || week % Int((Double(weeks) / 8).rounded(.up)) == 0 {
                shapes.append("<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(chartHeight - 10))\" text-anchor=\"middle\" class=\"axis\">\(escape(shortDay(window.since.addingTimeInterval(Double(week) * 604_800))))</text>")
            }
        }
        let legend = names.enumerated().map { "<span><i style=\"background:\(palette[$0.offset % palette.count])\"></i>\(escape($0.element))</span>" }
            + ["<span><i class=\"failed-key\"></i>failed or rolled back</span>"]
        let total = totals.reduce(0, +), failures = failed.reduce(0, +)
        let description = "\(total) deployments over \(weeks) \(weeks == 1 ? "week" : "weeks"), \(failures) of them failed or rolled back; the busiest week had \(highest)."
        return figure(id: "weekly", title: "Deployments per week", description: description, shapes: shapes,
                      defs: "<pattern id=\"failed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"fail-bg\"/><rect width=\"3\" height=\"6\" class=\"fail-fg\"/></pattern>",
                      legend: legend.joined())
    }

    /// Each successful deployment's median lead time over its commits, over time (log-free: hours or days on the axis).
    private static func leadTimeChart(_ report: DeploymentReport) -> String {
        var byDeployment: [Date: [Double]] = [:]
        for row in report.rows { for sample in row.current.samples.leadTimes { byDeployment[sample.deployedAt, default: []].append(sample.seconds) } }
        let points = byDeployment.map { ($0.key, median($0.value)) }.sorted { $0.0 < $1.0 }
        guard !points.isEmpty else {
            return figure(id: "lead", title: "Lead time for changes", description: "No commit was first reached by a successful deployment in this window.",
                          shapes: ["<text x=\"\(f(chartWidth / 2))\" y=\"\(f(chartHeight / 2))\" text-anchor=\"middle\" class=\"axis\">no data in this window</text>"], defs: "", legend: "")
        }
        let highest = points.map(\.1).max() ?? 1
        let unit = highest >= 2 * 86_400 ? 86_400.0 : highest >= 2 * 3600 ? 3600.0 : 60.0
        let unitName = unit == 86_400 ? "days" : unit == 3600 ? "h" : "min"
        let scale = niceCeiling(max(highest / unit, 1))
        let plotWidth = chartWidth - left - right, plotHeight = chartHeight - top - bottom
        let span = report.window.seconds
        func x(_ date: Date) -> Double { left + date.timeIntervalSince(report.window.since) / span * plotWidth }
        func y(_ seconds: Double) -> Double { chartHeight - bottom - seconds / unit / scale * plotHeight }
        var shapes = grid(max: scale, label: { "\(formatTick($0)) \(unitName)" })
        // The line is each week's median, so that one slow deployment does not zigzag it.
        var weekly: [Int: [Double]] = [:]
        for (date, seconds) in points { weekly[Int(date.timeIntervalSince(report.window.since) / 604_800), default: []].append(seconds) }
        let line = weekly.keys.sorted().map { week in
            "\(f(x(report.window.since.addingTimeInterval((Double(week) + 0.5) * 604_800)))),\(f(y(median(weekly[week]!))))"
        }.joined(separator: " ")
        shapes.append("<polyline points=\"\(line)\" class=\"lead-line\"><title>weekly median</title></polyline>")
        for (date, seconds) in points {
            shapes.append("<circle cx=\"\(f(x(date)))\" cy=\"\(f(y(seconds)))\" r=\"3.5\" class=\"lead-dot\"><title>\(escape(ReportFormat.moment(date))): median lead time \(escape(ReportFormat.duration(seconds)))</title></circle>")
        }
        for step in 0...4 {
            let date = report.window.since.addingTimeInterval(span * Double(step) / 4)
            shapes.append("<text x=\"\(f(x(date)))\" y=\"\(f(chartHeight - 10))\" text-anchor=\"\(step == 0 ? "start" : step == 4 ? "end" : "middle")\" class=\"axis\">\(escape(shortDay(date)))</text>")
        }
        let overall = report.overall.current
        let description = "Dots: median lead time of each of \(points.count) successful deployments; line: each week's median; overall median \(ReportFormat.duration(overall.leadTimeMedian)), p90 \(ReportFormat.duration(overall.leadTimeP90)), longest deployment median \(ReportFormat.duration(highest))."
        return figure(id: "lead", title: "Lead time for changes", description: description, shapes: shapes, defs: "", legend: "")
    }

    private static func figure(id: String, title: String, description: String, shapes: [String], defs: String, legend: String) -> String {
        """
        <figure>
        <svg viewBox="0 0 \(Int(chartWidth)) \(Int(chartHeight))" role="img" aria-labelledby="\(id)-title \(id)-desc">
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(description))</desc>
        <defs>\(defs)</defs>
        \(shapes.joined(separator: "\n"))
        </svg>
        <figcaption><strong>\(escape(title))</strong> <span class="muted">\(escape(description))</span>\(legend.isEmpty ? "" : "<span class=\"legend\">\(legend)</span>")</figcaption>
        </figure>
        """
    }

    private static func grid(max: Double, label: (Double) -> String) -> [String] {
        (0...4).map { step -> String in
            let value = max * Double(step) / 4
            let y = chartHeight - bottom - (chartHeight - top - bottom) * Double(step) / 4
            return "<line x1=\"\(f(left))\" x2=\"\(f(chartWidth - right))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"grid\"/>"
                + "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" class=\"axis\">\(escape(label(value)))</text>"
        }
    }

    private static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, cssClass: String? = nil, title: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\"\(cssClass.map { " class=\"\($0)\"" } ?? "")><title>\(escape(title))</title></rect>"
    }

    // MARK: Last deployments

    private static func recentTable(_ report: DeploymentReport) -> String {
        let rows = report.recent.map { entry -> String in
            let ref = entry.tag ?? entry.branch ?? "–"
            return "<tr><td>\(escape(entry.date.map(ReportFormat.moment) ?? entry.timestamp))</td><td>\(escape(entry.environment))</td>"
                + "<td><span class=\"status \(entry.status.rawValue)\">\(escape(entry.status.rawValue))</span></td>"
                + "<td><code>\(escape(entry.commit.short))</code></td><td>\(escape(ref))</td><td>\(escape(who(entry.user)))</td></tr>"
        }
        let body = rows.isEmpty ? "<tr><td colspan=\"6\" class=\"muted\">No deployments in this window.</td></tr>" : rows.joined(separator: "\n")
        return """
        <section aria-labelledby="recent-title"><h2 id="recent-title">Last \(report.recent.count) deployments</h2>
        <table><thead><tr><th scope="col">Time (UTC)</th><th scope="col">Environment</th><th scope="col">Status</th><th scope="col">Commit</th><th scope="col">Ref</th><th scope="col">Who</th></tr></thead>
        <tbody>\(body)</tbody></table></section>
        """
    }

    /// The name of `Name <email>`: the address stays out of a file that may be shared.
    private static func who(_ user: String?) -> String {
        guard let user else { return "–" }
        let name = user.split(separator: "<").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? user
        return name.isEmpty ? user : name
    }

    // MARK: Helpers

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 2, 2.5, 4, 5, 8, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func formatTick(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func median(_ values: [Double]) -> Double { DoraKeys.median(values.sorted()) ?? 0 }

    private static func day(_ date: Date) -> String { String(Timestamp.format(date).prefix(10)) }

    private static func shortDay(_ date: Date) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let stamp = Timestamp.format(date)
        let month = Int(stamp.dropFirst(5).prefix(2)) ?? 1
        return "\(Int(stamp.dropFirst(8).prefix(2)) ?? 1) \(months[(month - 1) % 12])"
    }

    private static func lengthText(_ window: ReportWindow) -> String {
        let days = window.days
        return days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days)
    }

    private static let css = """
    :root{--bg:#fbfbfa;--fg:#1d1f23;--muted:#5f6670;--card:#fff;--line:#e3e5e8;--grid:#eceef0;--fail:#d62728;--fail-bg:#fde2e1;
    --elite:#1b7f3b;--high:#2f6fb3;--medium:#a86400;--low:#b3261e;--accent:#4C78A8;color-scheme:light dark}
    @media (prefers-color-scheme: dark){:root{--bg:#15171a;--fg:#e8eaed;--muted:#9aa0a8;--card:#1e2125;--line:#33373d;--grid:#2a2e33;
    --fail:#ff6b6b;--fail-bg:#4a1f1f;--elite:#5fd38a;--high:#79b0f0;--medium:#f0b35a;--low:#ff8a80;--accent:#79a6d8}}
    *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    header,main{max-width:1180px;margin:0 auto;padding:0 24px}header{padding-top:28px}h1{margin:0 0 4px;font-size:26px}
    h2{font-size:17px;margin:28px 0 12px}h3{font-size:13px;margin:0;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
    .sub,.muted{color:var(--muted)}.sub{margin:0}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:14px}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px}.card p{margin:6px 0 0}
    .value{font-size:30px;font-weight:650;font-variant-numeric:tabular-nums;letter-spacing:-.01em}
    .band{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:650;border:1px solid currentColor}
    .band.elite{color:var(--elite)}.band.high{color:var(--high)}.band.medium{color:var(--medium)}.band.low{color:var(--low)}.band.none{color:var(--muted)}
    .trend{font-size:13px;margin-left:6px}.trend.better{color:var(--elite)}.trend.worse{color:var(--low)}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:14px;margin-top:28px}
    figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px}
    svg{width:100%;height:auto;display:block}figcaption{font-size:13px;margin-top:6px}figcaption .muted{display:block}
    .grid{stroke:var(--grid);stroke-width:1}.axis{fill:var(--muted);font-size:11px}
    .fail-bg{fill:var(--fail-bg)}.fail-fg{fill:var(--fail)}rect.failed{stroke:var(--fail);stroke-width:1}
    .lead-line{fill:none;stroke:var(--fg);stroke-width:2;opacity:.7}.lead-dot{fill:var(--accent);opacity:.75}
    .legend{display:flex;flex-wrap:wrap;gap:12px;margin-top:6px}.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
    .legend .failed-key{background:repeating-linear-gradient(45deg,var(--fail) 0 3px,var(--fail-bg) 3px 6px);border:1px solid var(--fail)}
    table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;font-variant-numeric:tabular-nums}
    th,td{text-align:left;padding:7px 12px;border-bottom:1px solid var(--line);font-size:14px}thead th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
    tbody tr:last-child td,tbody tr:last-child th{border-bottom:0}tr.total th,tr.total td{font-weight:650}.num{text-align:right}
    code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
    .status{font-size:12px;font-weight:650;padding:1px 8px;border-radius:999px;border:1px solid currentColor}
    .status.succeeded{color:var(--elite)}.status.failed,.status.rolled-back{color:var(--low)}.status.planned,.status.dispatched{color:var(--muted)}
    footer{color:var(--muted);font-size:12px;margin:28px 0 40px}
    """
}
