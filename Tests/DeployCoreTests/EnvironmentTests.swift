import DeployCore
import Testing

@Suite("Environments (DESIGN §2)", .tags(.fast))
struct EnvironmentTests {
    let catalog = EnvironmentCatalog.defaults

    @Test("names and aliases resolve case-insensitively to the canonical environment", arguments: [
        ("prod", "prod"), ("PROD", "prod"), ("production", "prod"), ("Live", "prod"),
        ("staging", "staging"), ("stage", "staging"), ("preprod", "staging"), ("UAT", "staging"),
        ("dev", "dev"), ("development", "dev"),
    ])
    func resolves(input: String, canonical: String) throws {
        #expect(try catalog.resolve(input).get().name == canonical)
    }

    @Test("default safety levels are the seed's")
    func safety() {
        #expect(catalog.definitions.map(\.safety) == [.high, .medium, .low])
        #expect(catalog.definition(named: "staging")?.aliases == ["stage", "preprod", "uat"])
        #expect(catalog.definition(named: "production") == nil)
    }

    @Test("a typo suggests the nearest canonical name, via aliases too", arguments: [
        ("prdo", "prod"), ("stagin", "staging"), ("prodution", "prod"), ("developement", "dev"),
        ("liv", "prod"), ("Stagign", "staging"), ("uta", "staging"),
    ])
    func suggestions(input: String, suggestion: String) {
        guard case .failure(let error) = catalog.resolve(input) else {
            Issue.record("'\(input)' should not resolve")
            return
        }
        #expect(error == UnknownEnvironment(input: input, suggestion: suggestion, known: ["prod", "staging", "dev"]))
    }

    @Test("the error reads like git's")
    func message() {
        let close = UnknownEnvironment(input: "prdo", suggestion: "prod", known: ["prod", "staging", "dev"])
        #expect(close.description == "unknown environment 'prdo' (did you mean 'prod'? known: prod, staging, dev)")
        guard case .failure(let far) = catalog.resolve("kubernetes") else {
            Issue.record("'kubernetes' should not resolve")
            return
        }
        #expect(far.suggestion == nil)
        #expect(far.description == "unknown environment 'kubernetes' (known: prod, staging, dev)")
    }

    @Test("configured environments join the catalog")
    func configured() throws {
        var custom = EnvironmentCatalog.defaults
        custom.definitions.append(EnvironmentDefinition(name: "qa", safety: .medium, aliases: ["test"]))
        #expect(try custom.resolve("test").get() == EnvironmentDefinition(name: "qa", safety: .medium, aliases: ["test"]))
        guard case .failure(let error) = custom.resolve("qaa") else {
            Issue.record("'qaa' should not resolve")
            return
        }
        #expect(error.suggestion == "qa")
        #expect(error.known == ["prod", "staging", "dev", "qa"])
    }
}

@Suite("nearestName", .tags(.fast))
struct NearestNameTests {
    @Test("within max(2, count/3) edits", arguments: [
        ("enviroments", ["environments", "refs", "routes"], "environments"),
        ("rotes", ["environments", "refs", "routes"], "routes"),
        ("ROUTES", ["routes"], "routes"),
        ("ab", ["xy"], "xy"),  // 2 edits, the floor of the limit
        ("abcdefghi", ["abcXXXghi"], "abcXXXghi"),  // 9 / 3 = 3 edits
    ])
    func close(input: String, candidates: [String], expected: String) {
        #expect(nearestName(to: input, in: candidates) == expected)
    }

    @Test("nil when nothing is close", arguments: [
        ("abc", ["xyz"]),
        ("abcdefghi", ["abcXXXXhi"]),  // 4 edits > 3
        ("prod", []),
    ])
    func far(input: String, candidates: [String]) {
        #expect(nearestName(to: input, in: candidates) == nil)
    }

    @Test("the smallest distance wins, ties go to the earlier candidate")
    func ties() {
        #expect(nearestName(to: "stag", in: ["staging", "stage"]) == "stage")
        #expect(nearestName(to: "ab", in: ["ax", "xb"]) == "ax")
    }
}
