import Foundation
import Testing
import TestSupport

/// The GitHub Action, the GitLab template and the examples' CI files are accepted by the platforms'
/// published schemas (check-jsonschema's vendored copies), and by scripts/check-ci-files.py for
/// what schemas cannot say: which contexts a job's `environment:` may use, and that GitLab's
/// `environment: name:` uses only variables the pipeline defines.
@Suite("CI files the platforms accept", .tags(.endToEnd))
struct EcosystemCIFilesEndToEndTests {
    static let files: [(path: String, schema: String)] = [
        ("action.yml", "vendor.github-actions"),
        ("examples/github-actions/.github/workflows/deploy.yml", "vendor.github-workflows"),
        ("gitlab/git-deploy.gitlab-ci.yml", "vendor.gitlab-ci"),
        ("examples/gitlab-ci/.gitlab-ci.yml", "vendor.gitlab-ci"),
    ]

    @Test("every workflow, action and pipeline file validates against its platform's schema",
          .enabled(if: PyPITools.enabled("check-jsonschema"), "needs check-jsonschema: \(PyPITools.installHint)"))
    func schemas() throws {
        let tool = try PyPITools.require("check-jsonschema")
        for file in Self.files {
            let result = try Ecosystem.run(tool, ["--builtin-schema", file.schema, file.path], in: Ecosystem.sourceRoot)
            #expect(result.status == 0, "\(file.path) against \(file.schema): \(result.output)")
        }
    }

    @Test("a file that breaks the schema is refused (the check can fail)",
          .enabled(if: PyPITools.enabled("check-jsonschema"), "needs check-jsonschema: \(PyPITools.installHint)"))
    func schemaCanFail() throws {
        let tool = try PyPITools.require("check-jsonschema")
        let sandbox = try Sandbox()
        try "jobs:\n  deploy:\n    environment: {name: prod, urll: x}\n".write(to: sandbox.url("w.yml"), atomically: true, encoding: .utf8)
        let result = try Ecosystem.run(tool, ["--builtin-schema", "vendor.github-workflows", "w.yml"], in: sandbox.root)
        #expect(result.status == 1, "\(result.output)")
    }

    @Test("environment: uses only what each platform allows there",
          .enabled(if: PyPITools.enabled("python"), "needs the .build-venv Python with ruamel.yaml: \(PyPITools.installHint)"))
    func environmentContexts() throws {
        let python = try PyPITools.require("python")
        let result = try Ecosystem.run(python, ["scripts/check-ci-files.py"] + Self.files.map(\.path), in: Ecosystem.sourceRoot)
        #expect(result.status == 0, "\(result.output)")
    }

    /// The examples as issue 16 found them: a job environment from a step output, and a GitLab
    /// environment name from a dotenv report. Both pass the schemas; the check names each.
    @Test("the check refuses a step output in a job's environment and a dotenv variable in environment:name",
          .enabled(if: PyPITools.enabled("python"), "needs the .build-venv Python with ruamel.yaml: \(PyPITools.installHint)"))
    func environmentContextsCanFail() throws {
        let python = try PyPITools.require("python")
        let sandbox = try Sandbox()
        let workflow = sandbox.url(".github/workflows/deploy.yml")
        try FileManager.default.createDirectory(at: workflow.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            on: push
            jobs:
              route:
                runs-on: ubuntu-latest
                steps: [{run: echo}]
              deploy:
                runs-on: ubuntu-latest
                environment: ${{ steps.route.outputs.DEPLOYMENT_ENVIRONMENT }}
                steps: [{id: route, run: echo}]
              other:
                runs-on: ubuntu-latest
                environment: ${{ needs.route.outputs.environment }}
                steps: [{run: echo}]
            """.write(to: workflow, atomically: true, encoding: .utf8)
        try """
            route:
              script: [git deploy explain --format dotenv > deploy.env]
              artifacts: {reports: {dotenv: deploy.env}}
            deploy:
              needs: [route]
              environment: {name: $DEPLOYMENT_ENVIRONMENT}
              script: [git deploy "$DEPLOYMENT_ENVIRONMENT" --yes]
            """.write(to: sandbox.url(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        let result = try Ecosystem.run(python, [Ecosystem.source("scripts/check-ci-files.py").path, ".github/workflows/deploy.yml", ".gitlab-ci.yml"],
                                       in: sandbox.root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("job deploy: environment uses the 'steps' context, which GitHub does not allow there"))
        #expect(result.stdout.contains("job other: environment reads needs.route, but 'route' is not in needs:"))
        #expect(result.stdout.contains("job deploy: environment:name uses $DEPLOYMENT_ENVIRONMENT, which this pipeline does not define"))
    }

    @Test("the action exposes every .deployment_config key as an output")
    func actionOutputs() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        _ = sandbox
        let keys = try GitDeployBinary.run(["explain", "--format", "github-output"], in: repo.directory).stdout
            .split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) }
        #expect(keys.count == 29)  // the hand-off's keys, DEPLOYMENT_EMERGENCY_REASON last
        let action = try String(contentsOf: Ecosystem.source("action.yml"), encoding: .utf8)
        for key in keys {
            #expect(action.contains("\n  \(key):\n"), "action.yml outputs lack \(key)")
            #expect(action.contains("value: ${{ steps.explain.outputs.\(key) }}"), "action.yml output \(key)")
        }
    }

    @Test("pre-commit accepts .pre-commit-hooks.yaml and the example's .pre-commit-config.yaml",
          .enabled(if: PyPITools.enabled("pre-commit"), "needs pre-commit: \(PyPITools.installHint)"))
    func preCommitFiles() throws {
        let tool = try PyPITools.require("pre-commit")
        var result = try Ecosystem.run(tool, ["validate-manifest", ".pre-commit-hooks.yaml"], in: Ecosystem.sourceRoot)
        #expect(result.status == 0, "\(result.output)")
        result = try Ecosystem.run(tool, ["validate-config", "examples/pre-commit/.pre-commit-config.yaml"], in: Ecosystem.sourceRoot)
        #expect(result.status == 0, "\(result.output)")
    }
}
