import Foundation
import Testing
import TestSupport

@Suite("status, end to end", .tags(.endToEnd))
struct StatusEndToEndTests {
    @Test("after a record, status shows the deployed commit, its age and how far HEAD is ahead")
    func statusAfterRecord() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let deployed = try repo.commit("chore: first")
        let recorded = try GitDeployBinary.run(["record", "staging", "--status", "succeeded", "--duration", "8"], in: repo.directory)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        try repo.commit("feat: two")
        try repo.commit("feat: three")

        let result = try GitDeployBinary.run(["status", "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try GitDeployBinary.json(result)
        #expect(json["branch"] as? String == "main")
        let environments = try #require(json["environments"] as? [[String: Any]])
        #expect(environments.map { $0["environment"] as? String } == ["prod", "staging", "dev"])
        let staging = try #require(environments.first { $0["environment"] as? String == "staging" })
        #expect(staging["commit"] as? String == deployed)
        #expect(staging["ahead"] as? Int == 2)
        #expect((staging["age_seconds"] as? Int).map { $0 >= 0 && $0 < 600 } == true)
        #expect(staging["latest_status"] as? String == "succeeded")
        let metrics = try #require(staging["metrics"] as? [String: Any])
        #expect(metrics["success_rate"] as? Double == 1)
        #expect(metrics["median_duration_seconds"] as? Double == 8)
        let prod = try #require(environments.first { $0["environment"] as? String == "prod" })
        #expect(prod["commit"] is NSNull)

        let text = try GitDeployBinary.run(["status"], in: repo.directory)
        #expect(text.status == 0)
        #expect(text.stdout.contains("staging  \(deployed.prefix(7))"))
        #expect(text.stdout.contains("+2 commits"))
    }

    @Test("status with no history lists the environments as never deployed")
    func statusWithoutHistory() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: first")
        let result = try GitDeployBinary.run(["status"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("never deployed"))
    }
}
