import Foundation
import GitRepository
import Testing
import TestSupport
@testable import DeployKit

@Suite("the hand-off formats", .tags(.process))
struct HandoffTests {
    @Test("DEPLOYMENT_ID is deploy-YYYYMMDD-HHMMSS-<7 hex>-<4 hex> in UTC")
    func deploymentID() {
        let date = Date(timeIntervalSince1970: 1_767_225_600 + 3661)  // 2026-01-01 01:01:01 UTC
        let id = DeploymentID.make(commit: ObjectID(hex: "abcdef0123456789abcdef0123456789abcdef01"), date: date)
        #expect(id.hasPrefix("deploy-20260101-010101-abcdef0-"))
        #expect(id.range(of: "^deploy-[0-9]{8}-[0-9]{6}-[0-9a-f]{7}-[0-9a-f]{4}$", options: .regularExpression) != nil)
        #expect(Handoff.seedTimestamp(date) == "2026-01-01 01:01:01 UTC")
    }

    @Test("single quoting gives back every byte a ref may hold, in bash and dash, and runs nothing")
    func shellQuotingRoundTrip() throws {
        let sandbox = try Sandbox()
        // Every byte but NUL (which no ref, file or environment variable can hold), plus the usual suspects.
        var samples = (1...255).map { String(decoding: [UInt8($0)], as: UTF8.self) }
        samples += ["'", "''", "'\\''", "$(touch pwned)", "`touch pwned`", "${IFS}", "\\", "a\nb", "ü🚀", "-e", "*", "!!",
                    "'\u{301}$(touch pwned)'\u{301}", "`\u{301}touch pwned`\u{301}"]
        let assignments = samples.enumerated().map { "V\($0.offset)=\(ShellQuoting.singleQuoted($0.element))" }.joined(separator: "\n")
        try assignments.write(to: sandbox.url("values"), atomically: true, encoding: .utf8)
        for shell in ["/bin/bash", "/bin/dash"] where FileManager.default.fileExists(atPath: shell) {
            let script = ". ./values; i=0; while [ $i -lt \(samples.count) ]; do eval \"printf '%s\\\\0' \\\"\\$V$i\\\"\"; i=$((i+1)); done"
            let result = try Runner.run(shell, ["-c", script], in: sandbox.root)
            #expect(result.status == 0, "\(shell): \(result.stderr)")
            let values = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(values == samples, "\(shell)")
            #expect(!FileManager.default.fileExists(atPath: sandbox.url("pwned").path))
        }
    }
}
