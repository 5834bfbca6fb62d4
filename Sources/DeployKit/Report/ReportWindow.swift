import Foundation

/// The span of time a report covers: `since` included, `until` excluded.
public struct ReportWindow: Sendable, Equatable {
    public let since: Date
    public let until: Date

    public init(since: Date, until: Date) {
        self.since = since
        self.until = until
    }

    public var seconds: Double { until.timeIntervalSince(since) }
    public var days: Double { seconds / 86_400 }
    /// The window of the same length that ends where this one starts: what trends compare with.
    public var previous: ReportWindow { ReportWindow(since: since.addingTimeInterval(-seconds), until: since) }

    public func contains(_ date: Date) -> Bool { date >= since && date < until }

    /// The longest window a report reads (100 years): keeps date arithmetic far from overflow.
    public static let maximumDays = 36_500

    /// Reads `--since`/`--until`: `90d`, `12w`, `48h` (that long before `now`), a day `2026-03-31`
    /// (its start for `since`; its end for `until`, so the day is included), or an ISO 8601 timestamp.
    /// nil when the text is none of these.
    public static func parseBound(_ text: String, now: Date, isEnd: Bool) -> Date? {
        if let unit = text.last, let factor = ["h": 3600.0, "d": 86_400.0, "w": 604_800.0][String(unit)] {
            let digits = text.dropLast()
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits),
                  Double(count) * factor <= Double(maximumDays) * 86_400 else { return nil }
            return now.addingTimeInterval(-Double(count) * factor)
        }
        if text.count == 10, let day = Timestamp.parse(text + "T00:00:00Z") {
            return isEnd ? day.addingTimeInterval(86_400) : day
        }
        return Timestamp.parse(text)
    }
}
