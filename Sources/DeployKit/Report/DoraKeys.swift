import Foundation

/// DORA's four keys for one environment (or all of them) over one window (README "Report").
/// nil means no data: never 0 for "unknown".
public struct DoraKeys: Sendable, Equatable {
    public let samples: DoraSamples
    public let window: ReportWindow
    /// Successful deployments per day of the window (0 when none succeeded: a known zero).
    public let frequencyPerDay: Double
    public let leadTimeMedian: Double?
    /// The nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest.
    public let leadTimeP90: Double?
    /// failures / deployments; nil with no deployment.
    public let changeFailureRate: Double?
    public let timeToRestoreMedian: Double?

    public init(_ samples: DoraSamples, window: ReportWindow) {
        self.samples = samples
        self.window = window
        frequencyPerDay = window.days > 0 ? Double(samples.successful) / window.days : 0
        let leads = samples.leadTimes.map(\.seconds).sorted()
        leadTimeMedian = DoraKeys.median(leads)
        leadTimeP90 = leads.isEmpty ? nil : leads[Int((0.9 * Double(leads.count)).rounded(.up)) - 1]
        changeFailureRate = samples.deployments == 0 ? nil : Double(samples.failures) / Double(samples.deployments)
        timeToRestoreMedian = DoraKeys.median(samples.restoreTimes.sorted())
    }

    public var frequencyPerWeek: Double { frequencyPerDay * 7 }

    public var bands: Bands {
        Bands(deploymentFrequency: .deploymentFrequency(perDay: frequencyPerDay),
              leadTime: .leadTime(seconds: leadTimeMedian),
              changeFailureRate: .changeFailureRate(changeFailureRate),
              timeToRestore: .timeToRestore(seconds: timeToRestoreMedian))
    }

    public struct Bands: Sendable, Equatable {
        public let deploymentFrequency: PerformanceBand
        public let leadTime: PerformanceBand?
        public let changeFailureRate: PerformanceBand?
        public let timeToRestore: PerformanceBand?
    }

    /// How each key moved against `previous` (the window before).
    public func trends(against previous: DoraKeys) -> Trends {
        // A previous window with no deployment at all is one before the history began, not a slow one.
        let previousFrequency = previous.samples.deployments == 0 ? nil : previous.frequencyPerDay
        return Trends(deploymentFrequency: .of(frequencyPerDay, against: previousFrequency, higherIsBetter: true),
               leadTime: .of(leadTimeMedian, against: previous.leadTimeMedian, higherIsBetter: false),
               changeFailureRate: .of(changeFailureRate, against: previous.changeFailureRate, higherIsBetter: false),
               timeToRestore: .of(timeToRestoreMedian, against: previous.timeToRestoreMedian, higherIsBetter: false))
    }

    public struct Trends: Sendable, Equatable {
        public let deploymentFrequency: Trend?
        public let leadTime: Trend?
        public let changeFailureRate: Trend?
        public let timeToRestore: Trend?
    }

    /// The middle of `sorted`, or the mean of its two middles; nil when empty.
    public static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
