/// DORA's performance bands, with the thresholds of its 2021 State of DevOps report (the gaps
/// between its bands closed so that every value has one). README "Report" lists them.
public enum PerformanceBand: String, Sendable, CaseIterable, Comparable {
    case elite, high, medium, low

    public static func < (lhs: PerformanceBand, rhs: PerformanceBand) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Elite: once a day or more; high: once a week or more; medium: once a month (30 days) or more.
    public static func deploymentFrequency(perDay: Double) -> PerformanceBand {
        switch perDay {
        case 1...: .elite
        case (1.0 / 7)...: .high
        case (1.0 / 30)...: .medium
        default: .low
        }
    }

    /// Of the median: elite under an hour, high under a week, medium under 180 days.
    public static func leadTime(seconds: Double?) -> PerformanceBand? {
        guard let seconds else { return nil }
        switch seconds {
        case ..<3600: return .elite
        case ..<(7 * 86_400): return .high
        case ..<(180 * 86_400): return .medium
        default: return .low
        }
    }

    /// Elite up to 15 %, high up to 30 %, medium up to 45 %.
    public static func changeFailureRate(_ rate: Double?) -> PerformanceBand? {
        guard let rate else { return nil }
        switch rate {
        case ...0.15: return .elite
        case ...0.30: return .high
        case ...0.45: return .medium
        default: return .low
        }
    }

    /// Of the median: elite under an hour, high under a day, medium under a week.
    public static func timeToRestore(seconds: Double?) -> PerformanceBand? {
        guard let seconds else { return nil }
        switch seconds {
        case ..<3600: return .elite
        case ..<86_400: return .high
        case ..<(7 * 86_400): return .medium
        default: return .low
        }
    }
}

/// How a key moved against the previous window of the same length.
public enum Trend: String, Sendable {
    case better, worse, same

    /// nil when either value is unknown. `higherIsBetter` for deployment frequency only.
    public static func of(_ current: Double?, against previous: Double?, higherIsBetter: Bool) -> Trend? {
        guard let current, let previous else { return nil }
        if abs(current - previous) <= 1e-9 * max(abs(current), abs(previous)) { return .same }
        return (current > previous) == higherIsBetter ? .better : .worse
    }
}
