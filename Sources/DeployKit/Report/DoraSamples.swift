import Foundation
import GitRepository

/// What one environment's history says about one window, before it is summed up into the four keys:
/// the counts and every lead-time and restore-time sample, so that environments can be pooled.
public struct DoraSamples: Sendable, Equatable {
    /// Entries in the window with an outcome (succeeded, failed, rolled back).
    public var deployments = 0
    public var successful = 0
    /// Failed, rolled back, or succeeded and then followed by a rollback.
    public var failures = 0
    /// Planned or dispatched: no outcome yet, not counted anywhere else.
    public var inProgress = 0
    /// One per commit first reached by a successful deployment in the window.
    public var leadTimes: [LeadTimeSample] = []
    /// Commits dated after the deployment that reached them (clock skew): counted as 0 s.
    public var clockSkewed = 0
    /// Successful deployments whose commit is not in this repository (recorded in another clone).
    public var commitsMissing = 0
    /// Successful deployments with no earlier successful one to compare with (the first of an environment).
    public var withoutBaseline = 0
    /// Seconds from each failure (the first of a run of them) in the window to the next success.
    public var restoreTimes: [Double] = []
    /// Failures in the window not followed by a success before the window ends.
    public var unrestored = 0

    public init() {}

    /// Pools two environments' samples (the overall row).
    public static func + (lhs: DoraSamples, rhs: DoraSamples) -> DoraSamples {
        var sum = lhs
        sum.deployments += rhs.deployments
        sum.successful += rhs.successful
        sum.failures += rhs.failures
        sum.inProgress += rhs.inProgress
        sum.leadTimes += rhs.leadTimes
        sum.clockSkewed += rhs.clockSkewed
        sum.commitsMissing += rhs.commitsMissing
        sum.withoutBaseline += rhs.withoutBaseline
        sum.restoreTimes += rhs.restoreTimes
        sum.unrestored += rhs.unrestored
        return sum
    }
}

/// One commit's lead time: when the deployment that first reached it ran, and how long after the commit.
public struct LeadTimeSample: Sendable, Equatable {
    public let deployedAt: Date
    public let seconds: Double
    public let commit: ObjectID
}

extension DoraSamples {
    /// The samples of one environment over `window`. `history` is every entry of that environment
    /// (any order, any time: earlier ones give the baseline of the window's first deployment, later
    /// ones say whether its last was rolled back).
    public static func collect(_ history: [DeploymentRecord], window: ReportWindow,
                               graph: CommitGraphReading) throws(DeployError) -> DoraSamples {
        let entries = chronological(history)
        var samples = DoraSamples()
        // The entry after each one that has an outcome: whether a success was followed by a rollback.
        var nextFinished: [DeploymentRecord?] = Array(repeating: nil, count: entries.count)
        var following: DeploymentRecord?
        for index in entries.indices.reversed() {
            nextFinished[index] = following
            if entries[index].record.status.isFinished { following = entries[index].record }
        }

        var reached = Set<ObjectID>()
        var baseline: ObjectID?
        var failingSince: Date?
        for (index, (entry, date)) in entries.enumerated() {
            guard date < window.until else { break }
            let inWindow = date >= window.since
            let failed = isFailure(entry, next: nextFinished[index])
            if inWindow {
                if entry.status.isFinished { samples.deployments += 1 } else { samples.inProgress += 1 }
                if failed { samples.failures += 1 }
            }
            if failed {
                if failingSince == nil { failingSince = date }
            } else if entry.status == .succeeded, let since = failingSince {
                if window.contains(since) { samples.restoreTimes.append(date.timeIntervalSince(since)) }
                failingSince = nil
            }
            guard entry.status == .succeeded else { continue }
            let present = graph.contains(entry.commit)
            if inWindow {
                samples.successful += 1
                try samples.addLeadTimes(of: entry, at: date, present: present,
                                         baseline: baseline ?? firstPresent(entry.previousCommit, graph), graph: graph, reached: &reached)
            }
            if present { baseline = entry.commit }
        }
        if let since = failingSince, window.contains(since) { samples.unrestored += 1 }
        return samples
    }

    private mutating func addLeadTimes(of entry: DeploymentRecord, at date: Date, present: Bool, baseline: ObjectID?,
                                       graph: CommitGraphReading, reached: inout Set<ObjectID>) throws(DeployError) {
        guard present else { commitsMissing += 1; return }
        guard let baseline else { withoutBaseline += 1; return }
        for commit in try graph.commits(reaching: entry.commit, notFrom: baseline) where reached.insert(commit.id).inserted {
            let seconds = date.timeIntervalSince(commit.time)
            if seconds < 0 { clockSkewed += 1 }
            leadTimes.append(LeadTimeSample(deployedAt: date, seconds: max(0, seconds), commit: commit.id))
        }
    }

    /// Failed, rolled back, or a success whose next deployment (with an outcome) is a rollback.
    static func isFailure(_ entry: DeploymentRecord, next: DeploymentRecord?) -> Bool {
        switch entry.status {
        case .failed, .rolledBack: return true
        case .succeeded: return next.map { $0.options.contains("--rollback") || $0.options.contains("rollback") } ?? false
        case .planned, .dispatched: return false
        }
    }

    /// Oldest first, each id once (the newest version of an entry wins), entries without a readable time left out.
    static func chronological(_ history: [DeploymentRecord]) -> [(record: DeploymentRecord, date: Date)] {
        var seen = Set<String>()
        var dated: [(offset: Int, record: DeploymentRecord, date: Date)] = []
        for (offset, entry) in history.enumerated() {
            guard let date = entry.date, seen.insert(entry.id).inserted else { continue }
            dated.append((offset, entry, date))
        }
        // Stable: HistoryStore's order (newest first, ties by append order) reversed.
        dated.sort { $0.date != $1.date ? $0.date < $1.date : $0.offset > $1.offset }
        return dated.map { ($0.record, $0.date) }
    }

    private static func firstPresent(_ hex: String?, _ graph: CommitGraphReading) -> ObjectID? {
        guard let hex, let id = ObjectID(hex: hex), graph.contains(id) else { return nil }
        return id
    }
}
