import DeployCore
import Testing
@testable import DeployKit

/// The values behind issue 14's hand-off status, auto-dispatch and emergency reasons.
@Suite("policy: hand-off verdicts, auto-dispatch levels and emergency reasons", .tags(.fast))
struct PolicyHandoffUnitTests {
    @Test("the verdict is ready without failures, blocked with the failed gates' names and reasons, unchecked without checks")
    func verdict() {
        #expect(HandoffVerdict(checks: nil).status == .unchecked)
        let ready = HandoffVerdict(checks: [.pass(.freeze, "no freeze"), .warn(.cleanWorkTree, "dirty")])
        #expect(ready.status == .ready && ready.blockedBy.isEmpty && ready.reasons.isEmpty)
        let blocked = HandoffVerdict(checks: [.fail(.promotion, "not on staging"), .pass(.freeze, "ok"), .fail(.freeze, "frozen")])
        #expect(blocked.status == .blocked)
        #expect(blocked.blockedBy == ["promotion", "freeze"])
        #expect(blocked.reasons == "not on staging; frozen")
    }

    @Test("reasons are escaped to one line and cut at 1000 characters with an ellipsis")
    func reasonsBounded() {
        let hostile = HandoffVerdict(checks: [.fail(.releaseVersion, "tag v1\n\u{1B}[31mfake line")])
        #expect(hostile.reasons == "tag v1\\n\\e[31mfake line")
        let long = HandoffVerdict(checks: [.fail(.freeze, String(repeating: "x", count: 5000))])
        #expect(long.reasons.count == HandoffVerdict.reasonsCharacters + 1)
        #expect(long.reasons.hasSuffix("…"))
    }

    @Test("auto-dispatch: false deploys nothing, true all but high safety, confirmed everything")
    func autoDispatchLevels() {
        #expect(SafetyLevel.allCases.map(AutoDispatch.off.deploys) == [false, false, false])
        #expect(AutoDispatch.on.deploys(.low) && AutoDispatch.on.deploys(.medium) && !AutoDispatch.on.deploys(.high))
        #expect(SafetyLevel.allCases.allSatisfy(AutoDispatch.confirmed.deploys))
    }

    @Test("an emergency reason: the flag's, else the environment's; trimmed, escaped, at most 200 characters, never empty")
    func emergencyReason() throws {
        let variable = EmergencyReason.environmentVariable
        #expect(try EmergencyReason.resolve(flag: " db outage ", environment: [variable: "other"]) == "db outage")
        #expect(try EmergencyReason.resolve(flag: "", environment: [variable: "pager\nfired"]) == "pager\\nfired")
        #expect(throws: EmergencyReason.Problem.self) { try EmergencyReason.resolve(flag: "", environment: [:]) }
        #expect(throws: EmergencyReason.Problem.self) { try EmergencyReason.resolve(flag: "  ", environment: [variable: " "]) }
        #expect(throws: EmergencyReason.Problem.self) { try EmergencyReason.resolve(flag: String(repeating: "x", count: 201), environment: [:]) }
        #expect(try EmergencyReason.resolve(flag: String(repeating: "x", count: 200), environment: [:]).count == 200)
    }
}
