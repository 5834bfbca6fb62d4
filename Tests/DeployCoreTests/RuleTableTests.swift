import DeployCore
import Testing

private func key(_ environment: String, _ complexity: Complexity, _ mode: Mode) -> RoutingKey {
    RoutingKey(environment: environment, complexity: complexity, mode: mode)
}

private func rule(_ pattern: String, _ target: Target, origin: String = ".deploy.yml:12") -> Rule {
    let fields = pattern.split(separator: ",", omittingEmptySubsequences: false).map { FieldPattern(String($0)) }
    return Rule(environment: fields[0], complexity: fields[1], mode: fields[2], target: target, origin: origin)
}

@Suite("Rules and the rule table (DESIGN §3)", .tags(.fast))
struct RuleTableTests {
    @Test("the default table is DESIGN §3 rows 1..7")
    func defaults() {
        let rows = RuleTable.defaults.rules.map { "\($0.pattern) \($0.target) \($0.origin)" }
        #expect(rows == [
            "*,*,rollback rollback-system default",
            "*,*,pipeline cicd-orchestrator default",
            "prod,*,* release-workflow default",
            "dev,*,* direct-deployment default",
            "staging,simple,* direct-deployment default",
            "*,complex,* infra-orchestrator default",
            "*,*,* direct-deployment default",
        ])
    }

    @Test("field patterns: * and the seed's any are wildcards")
    func fieldPatterns() {
        #expect(FieldPattern("*") == .any)
        #expect(FieldPattern("any") == .any)
        #expect(FieldPattern("prod") == .exact("prod"))
        #expect(FieldPattern("prod").description == "prod")
        #expect(FieldPattern.any.description == "*")
        #expect(rule("prod,any,rollback", .rollbackSystem).pattern == "prod,*,rollback")
    }

    @Test("a rule matches when every field does")
    func matching() {
        let r = rule("staging,simple,*", .directDeployment)
        #expect(r.matches(key("staging", .simple, .standard)))
        #expect(r.matches(key("staging", .simple, .pipeline)))
        #expect(!r.matches(key("staging", .medium, .standard)))
        #expect(!r.matches(key("prod", .simple, .standard)))
    }

    @Test("complexity any in the key is matched only by *")
    func anyOnlyByWildcard() {
        let anyKey = key("staging", .any, .standard)
        #expect(!rule("staging,simple,*", .directDeployment).matches(anyKey))
        #expect(!rule("*,complex,*", .infraOrchestrator).matches(anyKey))
        #expect(!Rule(environment: .any, complexity: .exact("any"), mode: .any, target: "x", origin: "t").matches(anyKey))
        #expect(rule("staging,*,standard", .directDeployment).matches(anyKey))
    }

    @Test("the trace lists every rule tried, numbered from 1, only the last matched")
    func trace() throws {
        let decision = try #require(RuleTable.defaults.decide(key("staging", .complex, .standard)))
        #expect(decision.target == .infraOrchestrator)
        #expect(decision.rule == 6)
        #expect(decision.origin == "default")
        #expect(decision.trace.map(\.rule) == [1, 2, 3, 4, 5, 6])
        #expect(decision.trace.map(\.matched) == [false, false, false, false, false, true])
        #expect(decision.trace.last == TraceStep(rule: 6, pattern: "*,complex,*", matched: true, origin: "default"))
        #expect(decision.key.description == "staging,complex,standard")
    }

    @Test("a first-rule match has a one-step trace")
    func firstRuleTrace() throws {
        let decision = try #require(RuleTable.defaults.decide(key("prod", .simple, .rollback)))
        #expect(decision.trace == [TraceStep(rule: 1, pattern: "*,*,rollback", matched: true, origin: "default")])
    }

    @Test("user rules are evaluated before the defaults")
    func userRulesFirst() throws {
        let table = RuleTable.combining(user: [rule("staging,complex,*", "k8s-operator")], replaceDefaults: false)
        #expect(table.rules.count == 8)
        let mine = try #require(table.decide(key("staging", .complex, .standard)))
        #expect(mine.target == "k8s-operator")
        #expect(mine.rule == 1)
        #expect(mine.origin == ".deploy.yml:12")
        // Default rules keep working, renumbered in the effective table.
        let fallback = try #require(table.decide(key("staging", .medium, .standard)))
        #expect(fallback.target == .directDeployment)
        #expect(fallback.rule == 8)
        #expect(fallback.trace.first?.origin == ".deploy.yml:12")
    }

    @Test("replace-defaults drops the defaults; no catch-all can mean no decision")
    func replaceDefaults() throws {
        let table = RuleTable.combining(user: [rule("prod,*,*", "ship-it")], replaceDefaults: true)
        #expect(table.rules.count == 1)
        #expect(try #require(table.decide(key("prod", .any, .rollback))).target == "ship-it")
        #expect(table.decide(key("dev", .simple, .standard)) == nil)
    }

    @Test("targets are an open set of names")
    func targets() {
        #expect(Target.builtIn.map(\.rawValue) == [
            "release-workflow", "rollback-system", "infra-orchestrator", "cicd-orchestrator", "direct-deployment",
        ])
        #expect(Target(rawValue: "my-handler").description == "my-handler")
    }
}
