import DeployCore
import Foundation
import GitRepository
import Testing
@testable import DeployKit

/// The trusted policy's merge rule (issue 14 item 1), key by key: a deployed `.deploy.yml` may
/// tighten a policy value, never loosen it; and the `allowed-refs` gate as a pure function.
@Suite("policy: tighten, never loosen; allowed refs", .tags(.fast))
struct PolicyMergeTests {
    static let location = PolicyLocation(reference: "refs/remotes/origin/HEAD", resolved: "refs/remotes/origin/main",
                                         commit: ObjectID(hex: String(repeating: "ab", count: 20))!, reason: "origin's default branch")

    static func merged(policy: String, deployed: String) throws -> Configuration {
        let trusted = try ConfigurationLoader.parse(Array(policy.utf8), file: location.file)
        let own = try ConfigurationLoader.parse(Array(deployed.utf8), file: ".deploy.yml")
        return TrustedPolicy.merge(deployed: own, trusted: trusted, location: location, hasFile: true)
    }

    static let freeze = "    freeze:\n      - {from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\"}\n"

    @Test("a lower safety level is replaced by the policy's, with a warning naming key, value and both origins")
    func safetyCannotBeLowered() throws {
        let merged = try Self.merged(policy: "environments:\n  staging:\n    safety: high\n", deployed: "environments:\n  staging:\n    safety: low\n")
        #expect(merged.environments.definition(named: "staging")?.safety == .high)
        #expect(merged.origins["environments.staging.safety"] == "abababa:.deploy.yml:3")
        let warning = try #require(merged.policy?.warnings.first { $0.key == "environments.staging.safety" })
        #expect(warning.text.contains("would loosen the policy (low, .deploy.yml:3); the policy of origin/main at abababa applies: high (abababa:.deploy.yml:3)"))
    }

    @Test("a stricter deployed value applies as written there, without a warning")
    func stricterValuesApply() throws {
        let merged = try Self.merged(policy: "", deployed: "environments:\n  prod:\n    require-promotion-from: staging\n" + Self.freeze)
        #expect(merged.settings(for: "prod").requirePromotionFrom == "staging")
        #expect(merged.settings(for: "prod").freeze.count == 1)
        #expect(merged.origins["environments.prod.freeze"] == ".deploy.yml:4")
        #expect(merged.policy?.warnings.isEmpty == true)
    }

    @Test("dropping a freeze, dropping require-promotion-from, turning signing off: the policy's values apply")
    func droppingIsLoosening() throws {
        let policy = "environments:\n  prod:\n    require-promotion-from: staging\n" + Self.freeze + "records:\n  require-signed: true\n"
        let merged = try Self.merged(policy: policy, deployed: "environments:\n  prod:\n    require-promotion-from: dev\n")
        #expect(merged.settings(for: "prod").requirePromotionFrom == "staging")
        #expect(merged.settings(for: "prod").freeze.count == 1)
        #expect(merged.records.requireSigned)
        #expect(Set(merged.policy?.warnings.map(\.key) ?? []) == ["environments.prod.require-promotion-from", "environments.prod.freeze", "records.require-signed"])
    }

    @Test("the same values in both files: the policy's origin, no warning")
    func sameValues() throws {
        let file = "environments:\n  prod:\n" + Self.freeze
        let merged = try Self.merged(policy: file, deployed: file)
        #expect(merged.origins["environments.prod.freeze"] == "abababa:.deploy.yml:3")
        #expect(merged.policy?.warnings.isEmpty == true)
    }

    @Test("allow: a wider list, or a refs rule that routes more branches to prod, is loosening; a narrower list applies")
    func allowWidening() throws {
        let wider = try Self.merged(policy: "", deployed: "environments:\n  prod:\n    allow: [{branch: \"*\"}]\n")
        #expect(wider.settings(for: "prod").allow == nil)
        #expect(wider.policy?.warnings.map(\.key) == ["environments.prod.allow"])
        let routed = try Self.merged(policy: "", deployed: "refs:\n  - {branch: main, environment: prod}\n")
        #expect(routed.policy?.warnings.map(\.key) == ["environments.prod.allow"])
        // The default list comes from the policy's refs table, not the deployed one.
        let prod = try #require(routed.environments.definition(named: "prod"))
        #expect(!(AllowedRefs.rules(for: prod, in: routed) ?? []).contains { $0.matches(.branch("main")) })
        let narrower = try Self.merged(policy: "", deployed: "environments:\n  prod:\n    allow: [{tag: semver}]\n")
        #expect(narrower.settings(for: "prod").allow?.map(\.description) == ["tag semver"])
        #expect(narrower.policy?.warnings.isEmpty == true)
    }

    @Test("auto-dispatch: only the policy can say confirmed; a branch may turn it on or off below that")
    func autoDispatchConfirmedOnlyFromPolicy() throws {
        let confirmed = try Self.merged(policy: "", deployed: "environments:\n  prod:\n    auto-dispatch: confirmed\n")
        #expect(confirmed.settings(for: "prod").autoDispatch == .off)
        #expect(confirmed.policy?.warnings.map(\.key) == ["environments.prod.auto-dispatch"])
        let on = try Self.merged(policy: "", deployed: "environments:\n  dev:\n    auto-dispatch: true\n")
        #expect(on.settings(for: "dev").autoDispatch == .on)
        #expect(on.policy?.warnings.isEmpty == true)
        let policy = "environments:\n  prod:\n    auto-dispatch: confirmed\n"
        #expect(try Self.merged(policy: policy, deployed: policy).settings(for: "prod").autoDispatch == .confirmed)
        // A branch that turns it off only tightens.
        #expect(try Self.merged(policy: policy, deployed: "").settings(for: "prod").autoDispatch == .off)
    }

    @Test("locks: adding a remote lock tightens; moving or dropping the policy's remote lock is refused with a warning")
    func locksComeFromPolicy() throws {
        let added = try Self.merged(policy: "", deployed: "locks:\n  remote: origin\n")
        #expect(added.locks.remote == "origin")
        #expect(added.policy?.warnings.isEmpty == true)
        let dropped = try Self.merged(policy: "locks:\n  remote: origin\n", deployed: "")
        #expect(dropped.locks.remote == "origin")
        #expect(dropped.policy?.warnings.map(\.key) == ["locks"])
        #expect(dropped.origins["locks"] == "abababa:.deploy.yml:1")
        let moved = try Self.merged(policy: "locks:\n  remote: origin\n", deployed: "locks:\n  remote: fork\n")
        #expect(moved.locks.remote == "origin")
    }

    @Test("allowed-refs: a matching branch or tag passes naming the rule; otherwise it fails naming the refs and the list")
    func allowedRefsGate() {
        let rules = [AllowRule(kind: .tag, matcher: .semver, origin: "x:3"), AllowRule(kind: .branch, matcher: .glob(try! GlobPattern("hotfix/*")), origin: "x:4")]
        #expect(Gate.allowedRefs(AllowedRefsInput(environment: "prod", refs: [.tag("v1.2.3")], rules: rules)).status == .pass)
        #expect(Gate.allowedRefs(AllowedRefsInput(environment: "prod", refs: [.branch("main"), .tag("v1.2.3")], rules: rules)).status == .pass)
        #expect(Gate.allowedRefs(AllowedRefsInput(environment: "prod", refs: [.branch("hotfix/a/b")], rules: rules)).status == .fail)
        let refused = Gate.allowedRefs(AllowedRefsInput(environment: "prod", refs: [.tag("v1.2.3-rc.1")], rules: rules))
        #expect(refused.reason.hasPrefix("tag v1.2.3-rc.1 may not deploy to prod: it takes only tag semver, branch hotfix/* (environments.prod.allow, x:3)"))
        #expect(Gate.allowedRefs(AllowedRefsInput(environment: "dev", refs: [], rules: nil)).status == .pass)
        var rollback = AllowedRefsInput(environment: "prod", refs: [.branch("main")], rules: rules)
        rollback.rollbackToDeployedCommit = true
        #expect(Gate.allowedRefs(rollback).status == .pass)
        // --emergency is not an input: nothing but the rules (and a rollback to a deployed commit) lets a ref in.
        #expect(GateEvaluator.evaluate(level: .high, inputs: {
            var inputs = GateInputs(now: Date(), emergency: true, yes: true)
            inputs.allowedRefs = AllowedRefsInput(environment: "prod", refs: [.branch("main")], rules: rules)
            return inputs
        }()).failures.map(\.gate) == [.allowedRefs])
    }
}
