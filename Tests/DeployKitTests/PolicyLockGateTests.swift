import Foundation
import GitRepository
import Testing
@testable import DeployKit

/// The pure parts of the environment lock and the outdated gate (issue 14, items 3 and 4): which
/// names can name a lock, what a holder's description says and when it expires, and the gate's
/// verdict for each relation between the deployed and the running commit.
@Suite("policy: lock names, lock holders and the outdated gate", .tags(.fast))
struct PolicyLockGateTests {
    @Test("names that are one safe file name and one valid ref component", arguments: [
        ("dev", true), ("prod-eu.1", true), ("qa_2", true),
        ("", false), ("a/b", false), ("..", false), ("a..b", false), (".hidden", false), ("x.lock", false),
        ("end.", false), ("-flag", false), ("tab\there", false), ("sp ace", false), ("a:b", false), ("a@{1}", false),
        ("prød", false), (String(repeating: "x", count: 101), false),
    ])
    func lockNames(name: String, allowed: Bool) {
        #expect((LockName.problem(name) == nil) == allowed, "\(name)")
    }

    @Test("a holder reads back as written and describes itself in one escaped line")
    func holderRoundTrip() throws {
        let since = try #require(Timestamp.parse("2026-05-01T12:01:03.000Z"))
        let holder = LockHolder(who: "Ann <ann@x>", pid: 4242, host: "build\n7", commit: "abc1234def", deployment: "deploy-1",
                                since: since, expires: since.addingTimeInterval(2400))
        let read = try #require(LockHolder.parse(Array(holder.json.serialized().utf8)))
        #expect(read == holder)
        #expect(read.description == #"Ann <ann@x> deploying abc1234 since 12:01:03 UTC (pid 4242 on build\n7)"#)
        #expect(LockHolder.parse(Array("not json".utf8)) == nil)
        #expect(LockHolder.parse([UInt8](repeating: 0x20, count: LockHolder.byteLimit + 1)) == nil)
    }

    @Test("a lock expires at its stated expiry, and never later than the longest hold after it was taken")
    func expiry() throws {
        let since = try #require(Timestamp.parse("2026-05-01T12:00:00Z"))
        let stated = LockHolder(who: "a", since: since, expires: since.addingTimeInterval(60))
        #expect(!stated.isExpired(at: since.addingTimeInterval(59)))
        #expect(stated.isExpired(at: since.addingTimeInterval(60)))
        let greedy = LockHolder(who: "a", since: since, expires: since.addingTimeInterval(1e9))
        #expect(!greedy.isExpired(at: since.addingTimeInterval(LockHolder.longestHold - 1)))
        #expect(greedy.isExpired(at: since.addingTimeInterval(LockHolder.longestHold)))
        #expect(!LockHolder(who: "a").isExpired(at: since), "a lock that states no time waits for unlock")
    }

    static let old = ObjectID(hex: String(repeating: "1", count: 40))!
    static let new = ObjectID(hex: String(repeating: "2", count: 40))!

    static func facts(deploying: ObjectID, isOlder: Bool) -> OutdatedFacts {
        OutdatedFacts(deploying: deploying, deployingSubject: "fix: \u{1b}[31mred", running: new, runningSubject: "feat: new",
                      runningDeployment: "deploy-x", isOlder: isOlder)
    }

    @Test("the outdated gate: older fails unless rollback or --allow-outdated; a redeploy, a newer or a diverged commit passes")
    func outdatedGate() {
        let older = Self.facts(deploying: Self.old, isOlder: true)
        let failed = Gate.outdated(environment: "prod", facts: older, rollback: false, allowOutdated: false)
        #expect(failed.status == .fail)
        #expect(failed.reason.hasPrefix(#"1111111 "fix: \e[31mred" is older than 2222222 "feat: new", which prod runs now (deploy-x)"#))
        #expect(failed.reason.contains("git deploy rollback prod --to 1111111"))
        #expect(Gate.outdated(environment: "prod", facts: older, rollback: true, allowOutdated: false).status == .pass)
        #expect(Gate.outdated(environment: "prod", facts: older, rollback: false, allowOutdated: true).status == .warn)
        #expect(Gate.outdated(environment: "prod", facts: Self.facts(deploying: Self.new, isOlder: false), rollback: false, allowOutdated: false).status == .pass)
        #expect(Gate.outdated(environment: "prod", facts: Self.facts(deploying: Self.old, isOlder: false), rollback: false, allowOutdated: false).status == .pass)
        #expect(Gate.outdated(environment: "prod", facts: nil, rollback: false, allowOutdated: false).status == .pass)
    }
}
