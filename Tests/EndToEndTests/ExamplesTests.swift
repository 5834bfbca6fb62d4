import Foundation
import Testing
import TestSupport

/// The configurations in examples/ are accepted by `git deploy config`; what their handlers call is
/// tested on copies of the examples in EcosystemExamplesEndToEndTests.
@Suite("examples", .tags(.endToEnd))
struct ExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    @Test("each example's .deploy.yml is valid", arguments: ["github-actions", "gitlab-ci", "helm", "argocd", "ssh-rsync"])
    func configurationIsValid(example: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let yaml = try String(contentsOf: Self.examples.appendingPathComponent("\(example)/.deploy.yml"), encoding: .utf8)
        try repo.commit("chore: config", files: [".deploy.yml": yaml])
        let result = try GitDeployBinary.run(["config", "--show-origin"], in: repo.directory)
        #expect(result.status == 0, "\(example): \(result.stderr)")
        #expect(result.stdout.contains(".deploy.yml:"))
    }
}
