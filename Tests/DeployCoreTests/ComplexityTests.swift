import DeployCore
import Testing

@Suite("Complexity assessment (DESIGN §3)", .tags(.fast))
struct ComplexityTests {
    @Test("platform points are the seed's", arguments: [
        (Platform.k8s, 3), (.serverless, 2), (.docker, 2), (.traditional, 1), (.githubActions, 0),
    ])
    func platformPoints(platform: Platform, points: Int) {
        #expect(platform.complexityPoints == points)
    }

    @Test("option points are the seed's", arguments: [
        (DeployOption.multiService, 2), (.databaseMigration, 2), (.breakingChanges, 1), (.externalIntegrations, 1),
        (.rollback, 0), (.pipeline, 0), (.emergency, 0),
    ])
    func optionPoints(option: DeployOption, points: Int) {
        #expect(option.complexityPoints == points)
    }

    @Test("score is platform plus options; >=4 complex, >=2 medium, else simple", arguments: [
        (nil, [], 0, Complexity.simple),
        (Platform.githubActions, [DeployOption.breakingChanges], 1, .simple),
        (.traditional, [.breakingChanges], 2, .medium),
        (.docker, [], 2, .medium),
        (.docker, [.externalIntegrations], 3, .medium),
        (.k8s, [], 3, .medium),
        (.k8s, [.breakingChanges], 4, .complex),
        (nil, [.multiService, .databaseMigration], 4, .complex),
        (.k8s, [.multiService, .databaseMigration, .breakingChanges, .externalIntegrations], 9, .complex),
        (nil, [.rollback, .pipeline, .emergency], 0, .simple),
    ] as [(Platform?, Set<DeployOption>, Int, Complexity)])
    func thresholds(platform: Platform?, options: Set<DeployOption>, score: Int, complexity: Complexity) {
        let assessment = ComplexityAssessment.assess(platform: platform, options: options)
        #expect(assessment == ComplexityAssessment(score: score, complexity: complexity))
    }

    @Test("capabilities are the seed's PLATFORM_CAPABILITIES in its order")
    func capabilities() {
        #expect(Platform.k8s.capabilities == ["container", "orchestration", "scaling", "rolling-updates"])
        #expect(Platform.githubActions.capabilities == ["pipeline", "automation", "integration"])
        #expect(Platform(rawValue: "github-actions") == .githubActions)
        #expect(Platform(rawValue: "auto") == nil)
    }
}
