import DeployCore
import Foundation
import Testing

/// One combination of the seed's inputs, spelled as the seed's bash takes them.
private struct SeedCase {
    let environment: String
    let platform: String
    let complexity: String
    let options: [String]

    /// The same inputs for the core: `auto` platform → nil (scored 0, as the seed does; DeployKit
    /// detects it first, D3), `auto` complexity → nil (assess), flags through `DeployOption(flag:)`.
    var input: RoutingInput? {
        let parsed = options.compactMap(DeployOption.init(flag:))
        guard parsed.count == options.count else { return nil }
        let platform = self.platform == "auto" ? nil : Platform(rawValue: self.platform)
        let complexity = self.complexity == "auto" ? nil : Complexity(rawValue: self.complexity)
        return RoutingInput(environment: environment, platform: platform, complexity: complexity, options: Set(parsed))
    }

    var line: String {
        [environment, platform, complexity, options.joined(separator: " ")].joined(separator: "|")
    }
}

private let seedEnvironments = ["prod", "staging", "dev"]
private let seedPlatforms = ["docker", "k8s", "serverless", "github-actions", "traditional", "auto"]
private let seedComplexities = ["auto", "simple", "medium", "complex", "any"]
private let seedOptions = [
    "--rollback", "--pipeline", "--ci-cd", "--multi-service", "--database-migration", "--breaking-changes",
    "--external-integrations", "--emergency",
]

private let allCases: [SeedCase] = seedEnvironments.flatMap { environment in
    seedPlatforms.flatMap { platform in
        seedComplexities.flatMap { complexity in
            (0..<(1 << seedOptions.count)).map { mask in
                SeedCase(
                    environment: environment, platform: platform, complexity: complexity,
                    options: seedOptions.indices.filter { mask & (1 << $0) != 0 }.map { seedOptions[$0] }
                )
            }
        }
    }
}

/// One bash process: source the seed's own functions, answer every case line read from a file.
private let oracleScript = #"""
    source "$1"
    while IFS='|' read -r environment type complexity options; do
        get_routing_target "$(calculate_routing_key "$environment" "$type" "$complexity" "$options")"
    done < "$2"
    """#

@Suite("Seed parity (DESIGN §3, Deviations from the seed)", .tags(.process))
struct SeedParityTests {
    @Test("every env × platform × complexity × option subset routes as the seed's bash, except D1 and D2")
    func parity() throws {
        #expect(allCases.count == 3 * 6 * 5 * 256)

        let casesFile = FileManager.default.temporaryDirectory.appendingPathComponent("seed-cases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: casesFile) }
        try allCases.map { $0.line + "\n" }.joined().write(to: casesFile, atomically: true, encoding: .utf8)
        let answers = try runBash(oracleScript, arguments: [SeedSource.fixture.path, casesFile.path])
            .split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()  // the empty string after the final newline
        try #require(answers.count == allCases.count, "the seed answered \(answers.count) of \(allCases.count) cases")

        var rollbackDeviations = 0  // D1
        var devDeviations = 0  // D2
        var unexplained: [String] = []
        for (seedCase, seedAnswer) in zip(allCases, answers) {
            guard let input = seedCase.input else {
                unexplained.append("\(seedCase.line): options did not parse")
                continue
            }
            let result = Router.route(input)
            let ours = result.decision?.target.rawValue ?? "<no decision>"
            if ours == seedAnswer { continue }
            if result.mode == .rollback, seedCase.environment != "prod",
                seedAnswer == "direct-deployment", ours == Target.rollbackSystem.rawValue
            {
                rollbackDeviations += 1
            } else if seedCase.environment == "dev", result.mode == .standard, result.complexity == .complex,
                seedAnswer == "infra-orchestrator", ours == Target.directDeployment.rawValue
            {
                devDeviations += 1
            } else {
                unexplained.append("\(seedCase.line): seed \(seedAnswer), ours \(ours)")
            }
        }

        // D1: staging and dev × 6 platforms × 5 complexities × 128 subsets containing --rollback.
        #expect(rollbackDeviations == 2 * 6 * 5 * 128)
        // D2: dev, no rollback or pipeline flag (32 subsets of the other five options), complex:
        // given (6 platforms × 32 = 192) or assessed (platform + option points ≥ 4: k8s 15, serverless
        // 13, docker 13, traditional 10, github-actions 6, auto 6 subsets of the four scored
        // options, × 2 for --emergency = 126).
        #expect(devDeviations == 192 + 126)
        // A count, not the array: on failure the message shows five examples rather than thousands.
        let unexplainedCount = unexplained.count
        #expect(unexplainedCount == 0, "unexplained differences, first: \(unexplained.prefix(5))")
    }
}
