import DeployCore
import Foundation
import GitRepository
import Testing
@testable import DeployKit

@Suite("safety gates are pure functions of their inputs (DESIGN §7)", .tags(.fast))
struct GateTests {
    static let now = FreezeCalendarTests.instant("2026-03-08T12:00:00Z")   // inside the weekend freeze
    static let freeze = [FreezeCalendarTests.weekend]

    @Test("clean work tree: dirty fails or warns only when deploying the checked-out commit")
    func cleanWorkTree() {
        #expect(Gate.cleanWorkTree(isClean: true, deployingCheckedOutCommit: true, whenDirty: .fail).status == .pass)
        #expect(Gate.cleanWorkTree(isClean: false, deployingCheckedOutCommit: true, whenDirty: .fail).status == .fail)
        #expect(Gate.cleanWorkTree(isClean: false, deployingCheckedOutCommit: true, whenDirty: .warn).status == .warn)
        #expect(Gate.cleanWorkTree(isClean: false, deployingCheckedOutCommit: false, whenDirty: .fail).status == .pass)
    }

    @Test("promotion needs a successful deployment to the named environment")
    func promotion() {
        #expect(Gate.promotion(requireFrom: nil, hasSuccessfulDeployment: false, emergency: false).status == .pass)
        #expect(Gate.promotion(requireFrom: "staging", hasSuccessfulDeployment: true, emergency: false).status == .pass)
        let blocked = Gate.promotion(requireFrom: "staging", hasSuccessfulDeployment: false, emergency: false)
        #expect(blocked.status == .fail)
        #expect(blocked.reason.contains("staging"))
        let bypassed = Gate.promotion(requireFrom: "staging", hasSuccessfulDeployment: false, emergency: true)
        #expect(bypassed.status == .warn)
        #expect(bypassed.reason.hasPrefix("bypassed by --emergency"))
    }

    @Test("freeze fails inside a window, names it, and --emergency turns it into a warning")
    func freeze() {
        #expect(Gate.freeze(now: Self.now, windows: [], emergency: false).status == .pass)
        let blocked = Gate.freeze(now: Self.now, windows: Self.freeze, emergency: false)
        #expect(blocked.status == .fail)
        #expect(blocked.reason.contains(".deploy.yml:9"))
        #expect(blocked.reason.contains("until 2026-03-09T07:00:00Z"))
        #expect(Gate.freeze(now: Self.now, windows: Self.freeze, emergency: true).status == .warn)
        #expect(Gate.freeze(now: Self.now.addingTimeInterval(3 * 86_400), windows: Self.freeze, emergency: false).status == .pass)
    }

    @Test("a window that cannot be evaluated fails rather than lifting the freeze")
    func brokenFreeze() {
        let broken = FreezeWindow.cron(start: "bad", end: "0 0 * * *", timeZone: "UTC", origin: ".deploy.yml:2")
        #expect(Gate.freeze(now: Self.now, windows: [broken], emergency: false).status == .fail)
    }

    @Test("release version against the tag", arguments: [
        ("1.4.0", "v1.4.0", GateResult.Status.pass),
        ("1.4.0", "1.4.0", .pass),
        ("1.4.0", "v1.4.1", .fail),
        (nil, "v1.4.1", .pass),
        ("1.4.0", nil, .pass),
    ] as [(String?, String?, GateResult.Status)])
    func releaseVersion(version: String?, tag: String?, expected: GateResult.Status) {
        #expect(Gate.releaseVersionMatchesTag(releaseVersion: version, tag: tag).status == expected)
    }

    @Test("confirmation: --yes, a yes on the terminal, or no terminal at all")
    func confirmation() {
        #expect(Gate.confirmation(isTerminal: false, yes: true, answer: nil).status == .pass)
        let noTerminal = Gate.confirmation(isTerminal: false, yes: false, answer: nil)
        #expect(noTerminal.status == .fail)
        #expect(noTerminal.reason.contains("--yes"))
        #expect(Gate.confirmation(isTerminal: true, yes: false, answer: " Yes\n").status == .pass)
        #expect(Gate.confirmation(isTerminal: true, yes: false, answer: "y").status == .pass)
        #expect(Gate.confirmation(isTerminal: true, yes: false, answer: "n").status == .fail)
        #expect(Gate.confirmation(isTerminal: true, yes: false, answer: nil).status == .fail)
    }

    @Test("high safety runs all five gates")
    func high() {
        let inputs = GateInputs(now: Self.now, isWorkTreeClean: false, requirePromotionFrom: "staging", freezeWindows: Self.freeze,
                                releaseVersion: "1.0.0", tag: "v1.0.0", yes: true)
        let results = GateEvaluator.evaluate(level: .high, inputs: inputs)
        #expect(results.map(\.gate.rawValue) == ["clean-work-tree", "promotion", "freeze", "release-version", "confirmation"])
        #expect(results.map(\.status) == [.fail, .fail, .fail, .pass, .pass])
        #expect(results.failures.count == 3)
    }

    @Test("--emergency bypasses freeze and promotion only")
    func emergency() {
        let inputs = GateInputs(now: Self.now, isWorkTreeClean: false, requirePromotionFrom: "staging", freezeWindows: Self.freeze,
                                emergency: true, releaseVersion: "1.0.0", tag: "v2.0.0")
        let results = GateEvaluator.evaluate(level: .high, inputs: inputs)
        #expect(results.map(\.status) == [.fail, .warn, .warn, .fail, .fail])
        #expect(results.filter { $0.status == .warn }.allSatisfy { $0.reason.hasPrefix(Gate.emergencyBypass) })
    }

    @Test("medium: freeze fails, a dirty tree only warns; low: no gates")
    func mediumAndLow() {
        let inputs = GateInputs(now: Self.now, isWorkTreeClean: false, requirePromotionFrom: "dev", freezeWindows: Self.freeze)
        let medium = GateEvaluator.evaluate(level: .medium, inputs: inputs)
        #expect(medium.map(\.gate.rawValue) == ["freeze", "clean-work-tree"])
        #expect(medium.map(\.status) == [.fail, .warn])
        #expect(GateEvaluator.evaluate(level: .low, inputs: inputs).isEmpty)
    }

    @Test("the prompt is due only for high safety on a terminal without --yes")
    func prompt() {
        #expect(GateEvaluator.needsPrompt(level: .high, inputs: GateInputs(now: Self.now, isTerminal: true)))
        #expect(!GateEvaluator.needsPrompt(level: .high, inputs: GateInputs(now: Self.now, isTerminal: true, yes: true)))
        #expect(!GateEvaluator.needsPrompt(level: .medium, inputs: GateInputs(now: Self.now, isTerminal: true)))
        #expect(!GateEvaluator.needsPrompt(level: .high, inputs: GateInputs(now: Self.now, isTerminal: false)))
    }

    @Test("results serialise in gate, status, reason order")
    func json() {
        let result = GateResult.warn(.freeze, "bypassed by --emergency")
        #expect(result.json.serialized() == #"{"gate":"freeze","status":"warn","reason":"bypassed by --emergency"}"#)
        #expect([result].json.serialized().hasPrefix("[{"))
    }
}

@Suite("target validation (seed validate_routing_decision)", .tags(.fast))
struct TargetValidationTests {
    @Test("each built-in target's requirement", arguments: [
        (Target.rollbackSystem, TargetValidation.Inputs(), GateResult.Status.fail),
        (.rollbackSystem, TargetValidation.Inputs(rollbackCommit: ObjectID(hex: String(repeating: "ab", count: 20))), .pass),
        (.cicdOrchestrator, TargetValidation.Inputs(), .fail),
        (.cicdOrchestrator, TargetValidation.Inputs(pipeline: "github-actions"), .pass),
        (.infraOrchestrator, TargetValidation.Inputs(), .fail),
        (.infraOrchestrator, TargetValidation.Inputs(hasPlatformFiles: true), .pass),
        (.releaseWorkflow, TargetValidation.Inputs(), .fail),
        (.releaseWorkflow, TargetValidation.Inputs(releaseVersion: "1.2.0"), .pass),
        (.releaseWorkflow, TargetValidation.Inputs(releaseVersion: "1.2.0", tag: "v1.2.0"), .pass),
        (.releaseWorkflow, TargetValidation.Inputs(releaseVersion: "1.2.0", tag: "v1.3.0"), .fail),
        (.directDeployment, TargetValidation.Inputs(), .pass),
        ("custom-target", TargetValidation.Inputs(), .pass),
    ])
    func validation(target: Target, inputs: TargetValidation.Inputs, expected: GateResult.Status) {
        let result = TargetValidation.validate(target: target, inputs: inputs)
        #expect(result.status == expected)
        #expect(!result.reason.isEmpty)
    }
}
