import DeployCore
import Testing

@Suite("Router (DESIGN §3)", .tags(.fast))
struct RouterTests {
    @Test("auto complexity is assessed and used in the key")
    func autoComplexity() {
        let result = Router.route(RoutingInput(environment: "staging", platform: .k8s, complexity: nil, options: [.multiService]))
        #expect(result.assessment == ComplexityAssessment(score: 5, complexity: .complex))
        #expect(result.complexity == .complex)
        #expect(result.mode == .standard)
        #expect(result.decision?.key.description == "staging,complex,standard")
        #expect(result.decision?.target == .infraOrchestrator)
        #expect(result.decision?.rule == 6)
    }

    @Test("a given complexity wins, but the assessment is still computed")
    func givenComplexity() {
        let result = Router.route(RoutingInput(environment: "staging", platform: .k8s, complexity: .simple, options: [.multiService]))
        #expect(result.assessment.score == 5)
        #expect(result.complexity == .simple)
        #expect(result.decision?.target == .directDeployment)
        #expect(result.decision?.rule == 5)
    }

    @Test("complexity any passes through to the key and falls to the catch-all")
    func anyPassesThrough() {
        let result = Router.route(RoutingInput(environment: "staging", platform: .k8s, complexity: .any, options: []))
        #expect(result.decision?.key.description == "staging,any,standard")
        #expect(result.decision?.rule == 7)
    }

    @Test("D1: a staging rollback goes to rollback-system (the seed said direct-deployment)")
    func deviationRollback() {
        let result = Router.route(RoutingInput(environment: "staging", platform: nil, complexity: nil, options: [.rollback, .pipeline]))
        #expect(result.mode == .rollback)
        #expect(result.decision?.target == .rollbackSystem)
    }

    @Test("D2: a complex dev deployment goes to direct-deployment (the seed said infra-orchestrator)")
    func deviationDev() {
        let result = Router.route(RoutingInput(environment: "dev", platform: .k8s, complexity: .complex, options: []))
        #expect(result.decision?.target == .directDeployment)
        #expect(result.decision?.rule == 4)
    }

    @Test("pipeline mode goes to the CI/CD orchestrator from any environment")
    func pipeline() {
        for environment in ["prod", "staging", "dev"] {
            let input = RoutingInput(environment: environment, platform: .docker, complexity: nil, options: [.pipeline])
            #expect(Router.route(input).decision?.target == .cicdOrchestrator)
        }
    }
}
