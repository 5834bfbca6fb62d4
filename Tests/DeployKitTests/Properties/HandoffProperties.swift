import DeployCore
import Foundation
import GitRepository
import PropertyBased
import Testing
import TestSupport
@testable import DeployKit

@Suite("properties: .deployment_config is sourced back exactly and runs nothing", .tags(.process))
struct HandoffProperties {
    /// A hand-off whose ref-derived values are `branch`, `tag` and `manager`.
    static func handoff(branch: String, tag: String, manager: String) -> Handoff {
        let options: Set<DeployOption> = []
        let explanation = Explanation(
            environment: EnvironmentDefinition(name: "staging", safety: .medium), environmentSource: "test",
            platform: nil, platformSource: "test", platformFiles: nil, options: [], optionEvidence: [],
            routing: RoutingResult(assessment: .assess(platform: nil, options: options), complexity: .simple, mode: .standard, decision: nil),
            pipeline: nil, commit: ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"), branch: branch, tag: tag,
            release: ReleaseContext(mode: .continue, version: "1.2.3", manager: manager, source: "test"),
            scan: nil, warnings: [])
        return Handoff(explanation, id: "deploy-20260101-000000-0123456-abcd", timestamp: Date(timeIntervalSince1970: 0), previousCommit: nil)
    }

    static let shells = ["/bin/bash", "/bin/dash"].filter { FileManager.default.isExecutableFile(atPath: $0) }

    // 25 runs × up to 12 hand-offs × 2 shells: each run sources all its files in one shell per shell.
    @Test("sourcing hand-offs of arbitrary branch, tag and manager values in bash and dash gives them back byte for byte")
    func sourcedValuesRoundTrip() async throws {
        #expect(!Self.shells.isEmpty)
        let sandbox = try Sandbox("handoff-properties")
        let marker = sandbox.url("pwned").path
        var run = 0
        let input = zip(HostileText.string(), HostileText.string(), HostileText.string()).array(of: 1...12)
        await propertyCheck(count: 25, input: input) { triples in
            run += 1
            let folder = sandbox.url("run\(run)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let handoffs = triples.map { Self.handoff(branch: $0.0, tag: $0.1, manager: $0.2) }
            for (index, handoff) in handoffs.enumerated() {
                try Data(handoff.shellAssignments.utf8).write(to: folder.appendingPathComponent("h\(index)"))
            }
            // Each file sets every key, so the next one overwrites all of them.
            let printAll = "printf '%s\\0' " + Handoff.keys.map { "\"$\($0)\"" }.joined(separator: " ")
            let script = (0..<handoffs.count).map { ". ./h\($0); \(printAll)" }.joined(separator: "\n")
            let expected = handoffs.flatMap { $0.values.map { Array($0.value.utf8) } }
            for shell in Self.shells {
                let result = try Runner.run(shell, ["-c", script], in: folder)
                #expect(result.status == 0, "\(shell): \(result.stderr)")
                let values = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map { Array($0.utf8) }
                #expect(values == expected, "\(shell) read back different values")
                #expect(!FileManager.default.fileExists(atPath: marker), "\(shell) ran a command from a value")
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pwned").path), "\(shell) ran a command from a value")
            }
        }
    }
}
