import DeployKit
import Foundation

/// The four keys' numbers as people read them, shared by the text and HTML reports and `status`.
enum ReportFormat {
    /// `45 s`, `12 min`, `4.2 h`, `3.1 days`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        switch seconds {
        case ..<60: return "\(Int(seconds.rounded())) s"
        case ..<3600: return "\(Int((seconds / 60).rounded())) min"
        case ..<86_400: return String(format: "%.1f h", seconds / 3600)
        default: return String(format: "%.1f days", seconds / 86_400)
        }
    }

    /// Per day when at least daily, else per week, else per month (30 days).
    static func frequency(_ keys: DoraKeys) -> String {
        let perDay = keys.frequencyPerDay
        if perDay == 0 { return "none" }
        if perDay >= 1 { return String(format: "%.1f/day", perDay) }
        if perDay * 7 >= 1 { return String(format: "%.1f/week", perDay * 7) }
        return String(format: "%.1f/month", perDay * 30)
    }

    /// `8%`, `12.5%`: one decimal only where it is not a whole number.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        let value = rate * 100
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }

    static func leadTime(_ keys: DoraKeys) -> String {
        guard keys.leadTimeMedian != nil else { return "–" }
        return "\(duration(keys.leadTimeMedian)) (p90 \(duration(keys.leadTimeP90)))"
    }

    static func arrow(_ trend: Trend?) -> String {
        switch trend {
        case .better?: "↑"
        case .worse?: "↓"
        case .same?: "="
        case nil: ""
        }
    }

    /// `YYYY-MM-DD HH:MM` in UTC.
    static func moment(_ date: Date) -> String {
        let stamp = Timestamp.format(date)
        return "\(stamp.prefix(10)) \(stamp.dropFirst(11).prefix(5))"
    }

    static func window(_ window: ReportWindow) -> String {
        let days = window.days
        let length = days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days)
        return "\(moment(window.since)) to \(moment(window.until)) UTC (\(length))"
    }
}
