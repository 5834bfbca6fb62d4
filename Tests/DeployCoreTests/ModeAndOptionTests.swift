import DeployCore
import Testing

@Suite("Modes and options (DESIGN §2, §3)", .tags(.fast))
struct ModeAndOptionTests {
    @Test("rollback beats pipeline beats standard", arguments: [
        ([], .standard),
        ([.emergency, .multiService], .standard),
        ([.pipeline], .pipeline),
        ([.rollback], .rollback),
        ([.rollback, .pipeline], .rollback),
    ] as [(Set<DeployOption>, Mode)])
    func precedence(options: Set<DeployOption>, mode: Mode) {
        #expect(Mode.from(options) == mode)
    }

    @Test("--ci-cd is the seed's alias of --pipeline")
    func ciCdAlias() {
        #expect(DeployOption(flag: "--ci-cd") == .pipeline)
        #expect(DeployOption(flag: "ci-cd") == .pipeline)
        #expect(Mode.from(Set([DeployOption(flag: "--ci-cd")].compactMap { $0 })) == .pipeline)
    }

    @Test("flags parse with or without dashes", arguments: DeployOption.allCases)
    func flags(option: DeployOption) {
        #expect(DeployOption(flag: option.rawValue) == option)
        #expect(DeployOption(flag: String(option.rawValue.dropFirst(2))) == option)
    }

    @Test("unknown flags are rejected")
    func unknownFlags() {
        #expect(DeployOption(flag: "--rolback") == nil)
        #expect(DeployOption(flag: "") == nil)
        #expect(DeployOption(flag: "---rollback") == nil)
    }

    @Test("options sort in declaration order")
    func optionOrder() {
        let sorted = [DeployOption.emergency, .rollback, .breakingChanges, .pipeline].sorted()
        #expect(sorted == [.rollback, .pipeline, .breakingChanges, .emergency])
    }

    @Test("safety levels order low < medium < high")
    func safetyOrder() {
        #expect(SafetyLevel.low < .medium && SafetyLevel.medium < .high)
        #expect([SafetyLevel.medium, .high, .low].max() == .high)
    }
}
