import Foundation
import Testing
@testable import DeployKit

/// The `monitor` object of a history entry, and how two versions of one entry merge when the
/// monitoring window rewrote it (same id, status rank and timestamp).
@Suite("the monitoring window in history entries", .tags(.fast))
struct MonitorRecordTests {
    typealias F = RecordFixtures

    static let window = MonitorWindowSettings(duration: 600, interval: 30)

    func entry(_ outcome: MonitorOutcome, status: DeploymentStatus = .succeeded) throws -> DeploymentRecord {
        let state = MonitorState(outcome: outcome, mode: .detach, window: Self.window, probes: [])
        return try #require(F.entry("a", status: .succeeded).with(status: status, monitor: state))
    }

    @Test("a window that ended beats the same entry with the window still running, whichever side has it")
    func endedWindowWins() throws {
        let running = try entry(.detached), failed = try entry(.failed, status: .failed)
        #expect(NotesMerge.merge(F.document(running), F.document(failed)).entries == [failed])
        #expect(NotesMerge.merge(F.document(failed), F.document(running)).entries == [failed])
        let passed = try entry(.passed)
        #expect(NotesMerge.merge(F.document(passed), F.document(try entry(.running))).entries == [passed])
    }

    @Test("the rewritten entry keeps every other field and adds monitor once")
    func rewriteKeepsFields() throws {
        let original = F.entry("a", status: .succeeded)
        let first = try entry(.running)
        let second = try #require(first.with(status: .failed, monitor: MonitorState(outcome: .failed, mode: .foreground, window: Self.window, probes: [])))
        #expect(second.json.objectMembers.map(\.0) == original.json.objectMembers.map(\.0) + ["monitor"])
        #expect(second.status == .failed)
        #expect(second.monitorOutcome == .failed)
        #expect(original.monitor == nil && original.monitorOutcome == nil)
    }

    @Test("durations read as people read them", arguments: [(3.44, "3.4s"), (80, "1m 20s"), (7500, "2h 05m"), (-1, "0.0s"), (.infinity, "0.0s")])
    func clock(seconds: Double, text: String) {
        #expect(MonitorProgress.clock(seconds) == text)
    }

    @Test("without a terminal, progress lines come after the first round, on a change, and then every max(interval, 10 s)")
    func periodicLines() {
        var lines = PeriodicLines(interval: 1)
        func progress(_ elapsed: Double, passing: Int) -> MonitorProgress {
            MonitorProgress(elapsed: elapsed, duration: 60, rounds: Int(elapsed), passing: passing, total: 2, failing: [])
        }
        let answers = [(0.0, 2), (1, 2), (2, 1), (11, 1), (12, 1)].map { lines.due(progress($0.0, passing: $0.1)) }
        #expect(answers == [true, false, true, false, true])
    }
}
