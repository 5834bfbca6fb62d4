import DeployCore
import Foundation
import GitRepository
import Testing
@testable import DeployKit

@Suite("handler environment variables (DESIGN §7)", .tags(.fast))
struct HandlerEnvironmentTests {
    /// A hand-off whose values the variables come from.
    static func handoff(options: [DeployOption], release: ReleaseContext) -> Handoff {
        let explanation = Explanation(
            environment: EnvironmentDefinition(name: "prod", safety: .high), environmentSource: "test",
            platform: .k8s, platformSource: "test", platformFiles: nil, options: options, optionEvidence: [],
            routing: RoutingResult(assessment: .assess(platform: .k8s, options: Set(options)), complexity: .complex, mode: .standard,
                                   decision: nil),
            pipeline: nil, commit: ObjectID(hex: String(repeating: "ab", count: 20)), branch: "main", tag: nil,
            release: release, scan: nil, warnings: [])
        return Handoff(explanation, id: "deploy-1", timestamp: Date(timeIntervalSince1970: 0), previousCommit: nil)
    }

    @Test("every variable is set, unknown values as empty strings, in DESIGN order")
    func variables() {
        let handoff = Self.handoff(options: [.multiService, .databaseMigration],
                                   release: ReleaseContext(mode: .new, version: "1.2.3", manager: nil, source: "test"))
        let context = HandlerContext(handoff: handoff)
        let variables = HandlerEnvironment.variables(for: context)
        #expect(variables.map(\.name) == HandlerEnvironment.keys)
        #expect(variables.count == 20)  // DEPLOY_EMERGENCY_REASON last
        let dictionary = HandlerEnvironment.dictionary(for: context)
        #expect(dictionary["DEPLOY_OPTIONS"] == "--multi-service --database-migration")
        #expect(dictionary["DEPLOY_TAG"] == "")
        #expect(dictionary["DEPLOY_ROLLBACK_TO"] == "")
        #expect(dictionary["RELEASE_MANAGER"] == "")
        #expect(dictionary["RELEASE_VERSION"] == "1.2.3")
        #expect(dictionary["DEPLOY_SAFETY_LEVEL"] == "high")
        #expect(dictionary["DEPLOY_COMMIT"] == String(repeating: "ab", count: 20))
    }
}
