import Foundation
import Testing
import TestSupport

/// The configurations in examples/ are accepted by `git deploy config`, and the Helm and Argo CD
/// handlers call their tools as documented (run against recording stand-ins for helm and argocd).
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

    /// A stand-in for a CLI that appends its arguments to calls.log.
    func fakeTool(_ name: String, in directory: URL) throws {
        let script = "#!/bin/sh\necho \"\(name) $*\" >> \"$CALLS\"\n"
        let url = directory.appendingPathComponent(name)
        try script.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    @Test("the Helm and Argo CD handlers run their tools for the routed environment and commit", arguments: [
        ("helm", "helm.sh", "helm upgrade --install app charts/app --namespace staging"),
        ("argocd", "argocd.sh", "argocd app set app-staging --revision"),
    ])
    func handlers(example: String, script: String, expected: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let bin = sandbox.url("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try fakeTool(example, in: bin)
        let yaml = try String(contentsOf: Self.examples.appendingPathComponent("\(example)/.deploy.yml"), encoding: .utf8)
        let handler = try String(contentsOf: Self.examples.appendingPathComponent("\(example)/\(script)"), encoding: .utf8)
        try repo.write(["deploy/\(script)": handler])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.directory.appendingPathComponent("deploy/\(script)").path)
        try repo.commit("chore: config", files: [".deploy.yml": yaml, "charts/app/Chart.yaml": "name: app\n"])
        let calls = sandbox.url("calls.log").path
        // The Helm example verifies with kubectl; the stand-in reports success.
        try fakeTool("kubectl", in: bin)
        let result = try GitDeployBinary.run(["staging", "--yes", "--complexity", "simple"], in: repo.directory,
                                             environment: ["PATH": bin.path + ":" + GitDeployBinary.pathWithBinary, "CALLS": calls])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let log = try String(contentsOfFile: calls, encoding: .utf8)
        #expect(log.contains(expected), "\(log)")
        #expect(log.contains(try repo.head()))
    }
}
