import Foundation
import Testing
import TestSupport

/// Each folder under examples/ is what a user copies into a repository: copied into a fresh one,
/// with logging stand-ins for the deployment tools on PATH, `git deploy staging --yes`, `rollback`
/// and `verify` make exactly the calls the example's scripts promise.
@Suite("examples run as copied", .tags(.endToEnd))
struct EcosystemExamplesEndToEndTests {
    static let tools = ["helm", "kubectl", "argocd", "rsync", "ssh"]

    /// What one example's handlers and probes call, given the deployed commit.
    struct Expected: Sendable, CustomTestStringConvertible {
        let example: String
        let deploy: @Sendable (String) -> [String]
        let rollback: (@Sendable (String) -> [String])?
        let verify: [String]
        var testDescription: String { example }
    }

    static let cases: [Expected] = [
        Expected(
            example: "helm",
            deploy: { ["helm upgrade --install app charts/app --namespace staging --create-namespace --values charts/app/values-staging.yaml --set image.tag=\($0) --wait --timeout 10m"] },
            rollback: { ["helm upgrade app charts/app --namespace staging --reuse-values --set image.tag=\($0) --wait --timeout 10m"] },
            verify: ["kubectl rollout status deployment/app --namespace staging --timeout=120s"]),
        Expected(
            example: "argocd",
            deploy: { ["argocd app set app-staging --revision \($0)", "argocd app sync app-staging", "argocd app wait app-staging --health --sync --timeout 900"] },
            rollback: { ["argocd app set app-staging --revision \($0)", "argocd app sync app-staging", "argocd app wait app-staging --health --sync --timeout 900"] },
            verify: []),
        Expected(
            example: "ssh-rsync",
            deploy: { ["rsync -az --delete TMP/ deploy@staging.example.com:/srv/app/releases/\($0)/",
                       "ssh deploy@staging.example.com ln -sfn /srv/app/releases/\($0) /srv/app/current && systemctl restart app"] },
            rollback: { ["rsync -az --delete TMP/ deploy@staging.example.com:/srv/app/releases/\($0)/",
                         "ssh deploy@staging.example.com ln -sfn /srv/app/releases/\($0) /srv/app/current && systemctl restart app"] },
            verify: ["ssh deploy@staging.example.com curl -fsS http://127.0.0.1:8080/healthz"]),
        Expected(
            example: "github-actions",
            deploy: { ["kubectl set image deployment/app app=registry.example.com/app:\($0) --namespace staging"] },
            rollback: { ["kubectl set image deployment/app app=registry.example.com/app:\($0) --namespace staging"] },
            verify: []),
        Expected(
            example: "gitlab-ci",
            deploy: { ["kubectl set image deployment/app app=registry.example.com/app:\($0) --namespace staging"] },
            rollback: { ["kubectl set image deployment/app app=registry.example.com/app:\($0) --namespace staging"] },
            verify: ["kubectl rollout status deployment/app --namespace staging --timeout=120s"]),
    ]

    /// A copied example in a fresh repository on `main` (which routes to staging).
    struct Copy {
        let sandbox: Sandbox
        let repo: TestRepository
        let log: URL
        let environment: [String: String]

        init(_ example: String) throws {
            sandbox = try Sandbox("example-\(example)")
            repo = try sandbox.repository()
            try repo.commit("chore: initial commit", files: ["README.md": "shop\n"])
            try Ecosystem.copyExample(example, into: repo.directory)
            log = sandbox.url("calls.log")
            try Ecosystem.standIns(EcosystemExamplesEndToEndTests.tools, in: sandbox.url("bin"), log: log)
            let tmp = sandbox.url("tmp")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            environment = ["PATH": sandbox.url("bin").path + ":" + GitDeployBinary.pathWithBinary, "TMPDIR": tmp.path]
        }

        /// Runs git-deploy and returns the calls the stand-ins logged, temporary folders as TMP.
        func calls(_ arguments: [String]) throws -> (ProcessResult, [String]) {
            try? FileManager.default.removeItem(at: log)
            let result = try GitDeployBinary.run(arguments, in: repo.directory, environment: environment)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map {
                String($0).replacing(/\S*\/tmp\.[A-Za-z0-9]+/, with: "TMP")
            }
            return (result, lines)
        }
    }

    @Test("a copied example deploys, rolls back and verifies with exactly the documented calls", arguments: cases)
    func copiedExample(expected: Expected) throws {
        let copy = try Copy(expected.example)
        #expect(copy.repo.exists(".deploy.yml"))
        #expect(try copy.repo.read("README.md") == "shop\n", "the copy command leaves the user's README alone")
        let first = try copy.repo.commit("feat: the example", files: [:])
        var (result, calls) = try copy.calls(["staging", "--yes"])
        #expect(result.status == 0, "\(result.output)")
        #expect(calls == expected.deploy(first) + expected.verify)

        let second = try copy.repo.commit("fix: a second change")
        (result, calls) = try copy.calls(["staging", "--yes"])
        #expect(result.status == 0, "\(result.output)")
        #expect(calls == expected.deploy(second) + expected.verify)

        if let rollback = expected.rollback {
            (result, calls) = try copy.calls(["rollback", "staging", "--yes"])
            #expect(result.status == 0, "\(result.output)")
            #expect(calls == rollback(first) + expected.verify)
        }
        if !expected.verify.isEmpty {
            (result, calls) = try copy.calls(["verify", "staging"])
            #expect(result.status == 0, "\(result.output)")
            #expect(calls == expected.verify)
        }
    }

    @Test("the GitHub Actions example promotes a release tag from staging to prod, verified")
    func githubActionsPromotion() throws {
        let copy = try Copy("github-actions")
        let commit = try copy.repo.commit("feat: the example", files: [:])
        try copy.repo.git("tag", "v1.0.0")
        try copy.repo.git("checkout", "-q", "v1.0.0")   // as CI checks out a pushed tag
        var (result, calls) = try copy.calls(["prod", "--yes"])
        #expect(result.status == 3, "prod before staging is blocked by require-promotion-from: \(result.output)")
        #expect(result.output.contains("staging"))
        #expect(calls.isEmpty)
        (result, _) = try copy.calls(["staging", "--yes"])
        #expect(result.status == 0, "\(result.output)")
        (result, calls) = try copy.calls(["prod", "--yes"])
        #expect(result.status == 0, "\(result.output)")
        #expect(calls == ["kubectl set image deployment/app app=registry.example.com/app:\(commit) --namespace prod",
                          "kubectl rollout status deployment/app --namespace prod --timeout=120s"])
    }

    @Test("every example folder has a README with the one command that copies it", arguments: try examples())
    func readme(example: String) throws {
        let text = try String(contentsOf: Ecosystem.source("examples/\(example)/README.md"), encoding: .utf8)
        let listed = try FileManager.default.contentsOfDirectory(atPath: Ecosystem.source("examples/\(example)").path)
            .filter { $0 != "README.md" }.sorted().map { "examples/\(example)/\($0)" }
        #expect(text.contains("cp -R " + listed.joined(separator: " ") + " /path/to/your/repo/"), "examples/\(example)/README.md")
    }

    static func examples() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Ecosystem.source("examples").path)
            .filter { !$0.hasSuffix(".md") }.sorted()
    }
}
