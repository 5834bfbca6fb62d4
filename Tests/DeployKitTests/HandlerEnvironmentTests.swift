import Testing
@testable import DeployKit

@Suite("handler environment variables (DESIGN §7)", .tags(.fast))
struct HandlerEnvironmentTests {
    @Test("every variable is set, unknown values as empty strings, in DESIGN order")
    func variables() {
        let context = HandlerContext(deployID: "deploy-1", environment: "prod", target: "release-workflow", platform: "k8s",
                                     mode: "standard", complexity: "complex", options: ["--multi-service", "--database-migration"],
                                     commit: "abc", branch: "main", tag: nil, safetyLevel: "high", releaseVersion: "1.2.3", releaseMode: "new")
        let variables = HandlerEnvironment.variables(for: context)
        #expect(variables.map(\.name) == HandlerEnvironment.keys)
        #expect(variables.count == 18)
        let dictionary = HandlerEnvironment.dictionary(for: context)
        #expect(dictionary["DEPLOY_OPTIONS"] == "--multi-service --database-migration")
        #expect(dictionary["DEPLOY_TAG"] == "")
        #expect(dictionary["RELEASE_MANAGER"] == "")
        #expect(dictionary["RELEASE_VERSION"] == "1.2.3")
        #expect(dictionary["DEPLOY_SAFETY_LEVEL"] == "high")
    }

    @Test("an empty context still sets all keys")
    func empty() {
        let dictionary = HandlerEnvironment.dictionary(for: HandlerContext())
        #expect(Set(dictionary.keys) == Set(HandlerEnvironment.keys))
        #expect(dictionary.values.allSatisfy { $0.isEmpty })
    }
}
