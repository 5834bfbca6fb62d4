import Foundation
import GitRepository
import Testing
@testable import DeployKit

/// A commit graph in memory: `commit ^baseline` is the set difference of the two ancestor sets,
/// which is what `git rev-list commit ^baseline` lists.
struct MemoryGraph: CommitGraphReading {
    var commits: [ObjectID: (parents: [ObjectID], time: Date)] = [:]

    mutating func add(_ id: ObjectID, parents: [ObjectID] = [], hours: Double) {
        commits[id] = (parents, ReportKeysTests.t0.addingTimeInterval(hours * 3600))
    }

    func contains(_ commit: ObjectID) -> Bool { commits[commit] != nil }

    func commits(reaching commit: ObjectID, notFrom baseline: ObjectID) -> [(id: ObjectID, time: Date)] {
        let excluded = ancestors(baseline)
        return ancestors(commit).subtracting(excluded).map { ($0, commits[$0]!.time) }
    }

    private func ancestors(_ start: ObjectID) -> Set<ObjectID> {
        var seen = Set<ObjectID>(), stack = [start]
        while let next = stack.popLast() {
            guard let commit = commits[next] else { continue }
            if seen.insert(next).inserted { stack += commit.parents }
        }
        return seen
    }
}

@Suite("report: DORA's four keys, computed by hand on small histories (README \"Report\")", .tags(.fast))
struct ReportKeysTests {
    static let t0 = Timestamp.parse("2026-01-01T00:00:00Z")!
    /// One week from t0: frequencies are per 7 days.
    static let week = ReportWindow(since: t0, until: t0.addingTimeInterval(7 * 86_400))
    static let hour = 3600.0

    static func id(_ n: Int) -> ObjectID { ObjectID(hex: String(format: "%040x", n))! }

    static func entry(_ n: Int, _ commit: Int, _ status: DeploymentStatus, hours: Double, env: String = "prod",
                      options: [String] = [], previous: Int? = nil) -> DeploymentRecord {
        var draft = DeploymentRecord.Draft(id: "d\(n)", environment: env, commit: id(commit), status: status,
                                           date: t0.addingTimeInterval(hours * hour))
        draft.options = options
        draft.previousCommit = previous.map(id)
        return DeploymentRecord(draft)
    }

    /// c1 ← c2 ← c3 ← c4 ← c5, committed at hours 0, 1.5, 3.5, 5, 6.
    static var line: MemoryGraph {
        var graph = MemoryGraph()
        graph.add(id(1), hours: 0)
        graph.add(id(2), parents: [id(1)], hours: 1.5)
        graph.add(id(3), parents: [id(2)], hours: 3.5)
        graph.add(id(4), parents: [id(3)], hours: 5)
        graph.add(id(5), parents: [id(4)], hours: 6)
        return graph
    }

    func keys(_ entries: [DeploymentRecord], graph: MemoryGraph = ReportKeysTests.line,
              window: ReportWindow = ReportKeysTests.week) throws -> DoraKeys {
        DoraKeys(try DoraSamples.collect(entries.reversed(), window: window, graph: graph), window: window)
    }

    @Test("an empty window: frequency is a known 0, every other key is unknown (nil), never 0")
    func emptyWindow() throws {
        let keys = try keys([])
        #expect(keys.samples.deployments == 0)
        #expect(keys.frequencyPerDay == 0)
        #expect(keys.leadTimeMedian == nil && keys.leadTimeP90 == nil)
        #expect(keys.changeFailureRate == nil)
        #expect(keys.timeToRestoreMedian == nil)
        #expect(keys.bands == DoraKeys.Bands(deploymentFrequency: .low, leadTime: nil, changeFailureRate: nil, timeToRestore: nil))
    }

    @Test("a single deployment, the environment's first: counted, but no earlier one to measure lead time from")
    func singleDeployment() throws {
        let keys = try keys([Self.entry(1, 2, .succeeded, hours: 2)])
        #expect(keys.samples.deployments == 1 && keys.samples.successful == 1)
        #expect(keys.frequencyPerDay == 1.0 / 7)
        #expect(keys.frequencyPerWeek == 1)
        #expect(keys.samples.withoutBaseline == 1)
        #expect(keys.leadTimeMedian == nil)
        #expect(keys.changeFailureRate == 0)
        #expect(keys.timeToRestoreMedian == nil)
        #expect(keys.bands.deploymentFrequency == .high)
        #expect(keys.bands.changeFailureRate == .elite)
    }

    @Test("a single deployment recorded with previous_commit: lead time from that commit on")
    func singleDeploymentWithPreviousCommit() throws {
        let keys = try keys([Self.entry(1, 2, .succeeded, hours: 2, previous: 1)])
        #expect(keys.leadTimeMedian == 0.5 * Self.hour)   // c2 committed at 1.5 h, deployed at 2 h
        #expect(keys.samples.withoutBaseline == 0)
    }

    @Test("lead time: each commit first reached, median of four and nearest-rank p90")
    func leadTimeLinear() throws {
        // d1 c1 at 1 h (no baseline); d2 c3 at 4 h reaches c2 (2.5 h) and c3 (0.5 h); d3 c5 at 7 h reaches c4 (2 h) and c5 (1 h).
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 3, .succeeded, hours: 4),
                             Self.entry(3, 5, .succeeded, hours: 7)])
        #expect(keys.samples.leadTimes.map(\.seconds).sorted() == [0.5, 1, 2, 2.5].map { $0 * Self.hour })
        #expect(keys.leadTimeMedian == 1.5 * Self.hour)   // (1 h + 2 h) / 2
        #expect(keys.leadTimeP90 == 2.5 * Self.hour)      // ⌈0.9 × 4⌉ = 4th smallest
        #expect(keys.bands.leadTime == .high)
        #expect(keys.frequencyPerWeek == 3)
    }

    @Test("the window's first deployment measures from the last successful one before the window")
    func baselineBeforeWindow() throws {
        let entries = [Self.entry(1, 1, .succeeded, hours: -1), Self.entry(2, 2, .succeeded, hours: 2)]
        let keys = try keys(entries)
        #expect(keys.samples.deployments == 1)
        #expect(keys.leadTimeMedian == 0.5 * Self.hour)
        let previous = try self.keys(entries, window: Self.week.previous)
        #expect(previous.samples.deployments == 1 && previous.samples.withoutBaseline == 1)
        #expect(keys.trends(against: previous).deploymentFrequency == .same)
        #expect(keys.trends(against: previous).leadTime == nil)
    }

    @Test("failures without recovery: counted in the failure rate, no time to restore, one unrestored")
    func failuresWithoutRecovery() throws {
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .failed, hours: 2),
                             Self.entry(3, 3, .failed, hours: 3)])
        #expect(keys.samples.failures == 2)
        #expect(keys.changeFailureRate == 2.0 / 3)
        #expect(keys.timeToRestoreMedian == nil)
        #expect(keys.samples.unrestored == 1)
        #expect(keys.bands.changeFailureRate == .low)
        #expect(keys.frequencyPerDay == 1.0 / 7)   // only successful deployments count
    }

    @Test("time to restore: from the first failure of a run to the next success; rolled-back counts as failed")
    func timeToRestore() throws {
        let keys = try keys([
            Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .failed, hours: 2), Self.entry(3, 2, .failed, hours: 3),
            Self.entry(4, 2, .succeeded, hours: 5), Self.entry(5, 3, .rolledBack, hours: 6),
            Self.entry(6, 2, .succeeded, hours: 6.5, options: ["--rollback"]),
        ])
        #expect(keys.samples.restoreTimes == [3 * Self.hour, 0.5 * Self.hour])
        #expect(keys.timeToRestoreMedian == 1.75 * Self.hour)
        #expect(keys.changeFailureRate == 0.5)   // d2, d3, d5 of six
        #expect(keys.bands.timeToRestore == .high)
    }

    @Test("rollbacks: a success followed by a rollback is a failure, and commits it reached count once")
    func rollbacks() throws {
        // d2 deploys c2 and is rolled back to c1 by d3 (a success); d4 deploys c3, reaching c3 only (c2 was reached by d2).
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .succeeded, hours: 2),
                             Self.entry(3, 1, .succeeded, hours: 3, options: ["--rollback"]), Self.entry(4, 3, .succeeded, hours: 4)])
        #expect(keys.samples.failures == 1)
        #expect(keys.changeFailureRate == 0.25)
        #expect(keys.samples.restoreTimes == [Self.hour])
        #expect(keys.samples.leadTimes.map(\.commit) == [Self.id(2), Self.id(3)])
        #expect(keys.leadTimeMedian == 0.5 * Self.hour)   // c2: 2 h − 1.5 h; c3: 4 h − 3.5 h
    }

    @Test("the same commit deployed twice: both count as deployments, the second reaches no commit")
    func sameCommitTwice() throws {
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .succeeded, hours: 2),
                             Self.entry(3, 2, .succeeded, hours: 3)])
        #expect(keys.samples.successful == 3)
        #expect(keys.frequencyPerDay == 3.0 / 7)
        #expect(keys.samples.leadTimes.map(\.seconds) == [0.5 * Self.hour])
    }

    @Test("a change reached through a merge: the merged branch's commits and the merge itself count")
    func mergeCommits() throws {
        var graph = MemoryGraph()
        graph.add(Self.id(1), hours: 0)
        graph.add(Self.id(2), parents: [Self.id(1)], hours: 1)      // mainline
        graph.add(Self.id(10), parents: [Self.id(1)], hours: 0.5)   // side branch
        graph.add(Self.id(11), parents: [Self.id(2), Self.id(10)], hours: 2)   // the merge
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 0.25), Self.entry(2, 11, .succeeded, hours: 3)], graph: graph)
        #expect(keys.samples.leadTimes.map(\.seconds).sorted() == [1, 2, 2.5].map { $0 * Self.hour })
        #expect(keys.leadTimeMedian == 2 * Self.hour)
        #expect(keys.leadTimeP90 == 2.5 * Self.hour)   // ⌈0.9 × 3⌉ = 3rd
    }

    @Test("clock skew: a commit dated after its deployment counts as 0 s, and is counted as skewed")
    func clockSkew() throws {
        var graph = Self.line
        graph.add(Self.id(2), parents: [Self.id(1)], hours: 5)   // committed 'after' its deployment at 2 h
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .succeeded, hours: 2)], graph: graph)
        #expect(keys.leadTimeMedian == 0)
        #expect(keys.samples.clockSkewed == 1)
        #expect(keys.bands.leadTime == .elite)
    }

    @Test("entries fetched from another clone: a commit not here counts as a deployment but not in lead time")
    func fetchedFromAnotherClone() throws {
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 99, .succeeded, hours: 2),
                             Self.entry(3, 2, .succeeded, hours: 3)])
        #expect(keys.samples.successful == 3)
        #expect(keys.samples.commitsMissing == 1)
        #expect(keys.leadTimeMedian == 1.5 * Self.hour)   // d3 measures from c1, the last success present here
    }

    @Test("an entry merged in twice (same id) counts once; deployments in progress count nowhere but in_progress")
    func duplicatesAndInProgress() throws {
        let keys = try keys([Self.entry(1, 1, .succeeded, hours: 1), Self.entry(1, 1, .succeeded, hours: 1),
                             Self.entry(2, 2, .dispatched, hours: 2)])
        #expect(keys.samples.deployments == 1)
        #expect(keys.samples.inProgress == 1)
        #expect(keys.changeFailureRate == 0)
    }

    @Test("overall pools the environments' samples")
    func overall() throws {
        let entries = [Self.entry(1, 1, .succeeded, hours: 1), Self.entry(2, 2, .succeeded, hours: 2),
                       Self.entry(3, 1, .succeeded, hours: 1.25, env: "dev"), Self.entry(4, 3, .failed, hours: 4, env: "dev"),
                       Self.entry(5, 4, .succeeded, hours: 6, env: "dev")]
        let report = try DeploymentReport.make(entries: entries, environments: ["prod", "dev"], window: Self.week, graph: Self.line)
        let all = report.overall.current
        #expect(all.samples.deployments == 5)
        #expect(all.frequencyPerDay == 4.0 / 7)
        #expect(all.changeFailureRate == 0.2)
        // prod: c2 0.5 h; dev: d5 reaches c2 (4.5 h), c3 (2.5 h), c4 (1 h).
        #expect(all.leadTimeMedian == 1.75 * Self.hour)
        #expect(all.timeToRestoreMedian == 2 * Self.hour)
        #expect(report.rows.map(\.environment) == ["prod", "dev"])
        #expect(report.recent.map(\.id) == ["d5", "d4", "d2", "d3", "d1"])
    }

    @Test("bands at their thresholds")
    func bandThresholds() {
        #expect(PerformanceBand.deploymentFrequency(perDay: 1) == .elite)
        #expect(PerformanceBand.deploymentFrequency(perDay: 1.0 / 7) == .high)
        #expect(PerformanceBand.deploymentFrequency(perDay: 1.0 / 30) == .medium)
        #expect(PerformanceBand.deploymentFrequency(perDay: 0.03) == .low)
        #expect(PerformanceBand.leadTime(seconds: 3599) == .elite)
        #expect(PerformanceBand.leadTime(seconds: 3600) == .high)
        #expect(PerformanceBand.leadTime(seconds: 7 * 86_400) == .medium)
        #expect(PerformanceBand.leadTime(seconds: 180 * 86_400) == .low)
        #expect(PerformanceBand.changeFailureRate(0.15) == .elite)
        #expect(PerformanceBand.changeFailureRate(0.2) == .high)
        #expect(PerformanceBand.changeFailureRate(0.45) == .medium)
        #expect(PerformanceBand.changeFailureRate(0.46) == .low)
        #expect(PerformanceBand.timeToRestore(seconds: 86_399) == .high)
        #expect(PerformanceBand.timeToRestore(seconds: 86_400) == .medium)
        #expect(PerformanceBand.timeToRestore(seconds: 7 * 86_400) == .low)
    }

    @Test("trends: more deployments is better, a longer lead time is worse, unknown either side is nil")
    func trends() {
        #expect(Trend.of(2, against: 1, higherIsBetter: true) == .better)
        #expect(Trend.of(2, against: 1, higherIsBetter: false) == .worse)
        #expect(Trend.of(1, against: 1, higherIsBetter: false) == .same)
        #expect(Trend.of(nil, against: 1, higherIsBetter: false) == nil)
    }

    @Test("--since and --until: durations before now, a day (its end for --until), a timestamp; nonsense is nil")
    func windowBounds() {
        let now = Self.t0
        #expect(ReportWindow.parseBound("90d", now: now, isEnd: false) == now.addingTimeInterval(-90 * 86_400))
        #expect(ReportWindow.parseBound("2w", now: now, isEnd: false) == now.addingTimeInterval(-14 * 86_400))
        #expect(ReportWindow.parseBound("2026-03-31", now: now, isEnd: false) == Timestamp.parse("2026-03-31T00:00:00Z"))
        #expect(ReportWindow.parseBound("2026-03-31", now: now, isEnd: true) == Timestamp.parse("2026-04-01T00:00:00Z"))
        #expect(ReportWindow.parseBound("2026-03-31T12:00:00+02:00", now: now, isEnd: true) == Timestamp.parse("2026-03-31T10:00:00Z"))
        for bad in ["", "d", "-5d", "99999999999999999999d", "5y", "yesterday", "2026-13-01", "٣d"] {
            #expect(ReportWindow.parseBound(bad, now: now, isEnd: false) == nil, "\(bad)")
        }
    }
}
