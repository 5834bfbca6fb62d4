import Testing
@testable import DeployKit

@Suite("deployment metrics", .tags(.fast))
struct DeploymentMetricsTests {
    typealias F = RecordFixtures

    @Test("success rate over finished deployments and the median duration, within the window")
    func summary() {
        let entries = [
            F.entry("e", status: .dispatched, at: 50),
            F.entry("d", status: .succeeded, at: 40, duration: 10),
            F.entry("c", status: .failed, at: 30, duration: 40),
            F.entry("b", status: .succeeded, at: 20, duration: 20),
            F.entry("a", status: .rolledBack, at: 10, duration: 1000),
        ]
        let metrics = DeploymentMetrics(environment: "staging", entries: entries, window: 4)
        #expect(metrics.deployments == 4)
        #expect(metrics.inProgress == 1)
        #expect(metrics.successRate == 2.0 / 3.0)
        #expect(metrics.medianDurationSeconds == 20)
        let all = DeploymentMetrics(environment: "staging", entries: entries, window: 20)
        #expect(all.medianDurationSeconds == 30)
        #expect(all.successRate == 0.5)
    }

    @Test("no finished deployment: no rate and no median")
    func empty() {
        let metrics = DeploymentMetrics(environment: "dev", entries: [F.entry("p", status: .planned)], window: 20)
        #expect(metrics.successRate == nil)
        #expect(metrics.medianDurationSeconds == nil)
    }
}
